-- The operator's own tenant and its owner account, in every environment:
-- the admin console signs in through them. users has FORCE ROW LEVEL
-- SECURITY on PostgreSQL, so even the table owner writes a user only while
-- schemac.tenant names the user's tenant (transaction-local: the file is
-- one transaction). The .sqlite.sql twin is made
-- from this file by schema/seeds/to_sqlite.sh.
INSERT INTO tenants (id, slug, name, plan, status, max_users, monthly_price, settings, created_at, updated_at) VALUES
  ('50000000-0000-4000-8000-000000000000', 'operator', 'Platform Operator', 'enterprise', 'active', 100, '0.00',
   '{"internal": true, "mfa_required": true}', TIMESTAMPTZ '2026-01-01 00:00:00+00', TIMESTAMPTZ '2026-01-01 00:00:00+00');

SELECT set_config('schemac.tenant', '50000000-0000-4000-8000-000000000000', true);

INSERT INTO users (id, tenant_id, email, password_hash, first_name, last_name, role, email_verified, utc_offset_minutes,
                   created_at, updated_at, version) VALUES
  ('51000000-0000-4000-8000-000000000000', '50000000-0000-4000-8000-000000000000', 'ops@operator.example',
   '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', 'Platform', 'Operator', 'owner', TRUE, 0,
   TIMESTAMPTZ '2026-01-01 00:00:00+00', TIMESTAMPTZ '2026-01-01 00:00:00+00', 1);
