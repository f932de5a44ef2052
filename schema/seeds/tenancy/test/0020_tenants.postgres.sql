-- For tests: two tenants with a user each (same email, which the per-tenant
-- unique key allows), a session and an audit entry per tenant, and one
-- password reset. Each tenant's rows follow a transaction-local set_config
-- naming it, as row-level security requires on PostgreSQL.
-- The .sqlite.sql twin is made
-- from this file by schema/seeds/to_sqlite.sh.
INSERT INTO tenants (id, slug, name, plan, max_users, monthly_price, created_at, updated_at) VALUES
  ('50000000-0000-4000-9000-000000000001', 'red', 'Red Test Tenant', 'team', 10, '290.00', TIMESTAMPTZ '2026-02-01 09:00:00+00', TIMESTAMPTZ '2026-02-01 09:00:00+00'),
  ('50000000-0000-4000-9000-000000000002', 'blue', 'Blue Test Tenant', 'free', 5, '0.00', TIMESTAMPTZ '2026-02-01 09:05:00+00', TIMESTAMPTZ '2026-02-01 09:05:00+00');

SELECT set_config('schemac.tenant', '50000000-0000-4000-9000-000000000001', true);

INSERT INTO users (id, tenant_id, email, password_hash, first_name, last_name, role, email_verified, created_at, updated_at, version) VALUES
  ('51000000-0000-4000-9000-000000000001', '50000000-0000-4000-9000-000000000001', 'alex@example.com', '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', 'Alex', 'Red', 'owner', TRUE, TIMESTAMPTZ '2026-02-01 09:00:00+00', TIMESTAMPTZ '2026-02-01 09:00:00+00', 1);

INSERT INTO user_sessions (id, tenant_id, user_id, token_hash, ip_address, user_agent, expires_at, created_at) VALUES
  ('52000000-0000-4000-9000-000000000001', '50000000-0000-4000-9000-000000000001', '51000000-0000-4000-9000-000000000001', 'sha256:test-session-red', '192.0.2.10', 'curl/8.5.0', TIMESTAMPTZ '2026-03-01 10:00:00+00', TIMESTAMPTZ '2026-02-01 10:00:00+00');

INSERT INTO activity_logs (tenant_id, user_id, action, resource_type, resource_id, details, ip_address, occurred_on, created_at) VALUES
  ('50000000-0000-4000-9000-000000000001', '51000000-0000-4000-9000-000000000001', 'user.login', 'session', '52000000-0000-4000-9000-000000000001', '{"method": "password"}', '192.0.2.10', '2026-02-01', TIMESTAMPTZ '2026-02-01 10:00:00+00');

SELECT set_config('schemac.tenant', '50000000-0000-4000-9000-000000000002', true);

INSERT INTO users (id, tenant_id, email, password_hash, first_name, last_name, role, created_at, updated_at, version) VALUES
  ('51000000-0000-4000-9000-000000000002', '50000000-0000-4000-9000-000000000002', 'alex@example.com', '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', 'Alex', 'Blue', 'member', TIMESTAMPTZ '2026-02-01 09:05:00+00', TIMESTAMPTZ '2026-02-01 09:05:00+00', 1);

INSERT INTO activity_logs (tenant_id, user_id, action, resource_type, resource_id, occurred_on, created_at) VALUES
  ('50000000-0000-4000-9000-000000000002', NULL, 'user.created', 'user', '51000000-0000-4000-9000-000000000002', '2026-02-01', TIMESTAMPTZ '2026-02-01 09:05:00+00');

INSERT INTO password_resets (id, tenant_id, user_id, token_hash, expires_at, created_at) VALUES
  ('53000000-0000-4000-9000-000000000001', '50000000-0000-4000-9000-000000000002', '51000000-0000-4000-9000-000000000002', 'sha256:test-reset-blue', TIMESTAMPTZ '2026-02-01 10:05:00+00', TIMESTAMPTZ '2026-02-01 09:05:00+00');
