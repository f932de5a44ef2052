-- Six tenants on every plan and status; three of them with users, sessions,
-- an audit trail and password resets (tenant k has id
-- 50000000-0000-4000-8000-<k, 12 digits>). users, user_sessions,
-- activity_logs and password_resets FORCE ROW LEVEL SECURITY on PostgreSQL,
-- which binds the table owner too: a row may only be written while
-- schemac.tenant names its tenant, so each tenant's rows come in a block
-- after a transaction-local set_config (the file is one transaction).
-- The .sqlite.sql twin is made
-- from this file by schema/seeds/to_sqlite.sh.
INSERT INTO tenants (id, slug, name, plan, status, max_users, monthly_price, price_book_from, settings, created_at,
                     updated_at, deleted_at) VALUES
  ('50000000-0000-4000-8000-000000000001', 'acme', 'Acme Corporation', 'enterprise', 'active', 500, '4990.00', '2026-01-01', '{"mfa_required": true, "sso": "saml"}', TIMESTAMPTZ '2026-01-02 09:00:00+00', TIMESTAMPTZ '2026-02-10 12:00:00+00', NULL),
  ('50000000-0000-4000-8000-000000000002', 'globex', 'Globex Industries', 'business', 'active', 200, '1490.00', '2026-01-01', '{"mfa_required": false, "sso": "oidc"}', TIMESTAMPTZ '2026-01-03 09:00:00+00', TIMESTAMPTZ '2026-01-03 09:00:00+00', NULL),
  ('50000000-0000-4000-8000-000000000003', 'initech', 'Initech', 'team', 'active', 50, '290.00', '2025-01-01', '{}', TIMESTAMPTZ '2026-01-04 09:00:00+00', TIMESTAMPTZ '2026-01-04 09:00:00+00', NULL),
  ('50000000-0000-4000-8000-000000000004', 'soylent', 'Soylent Foods', 'team', 'suspended', 50, '290.00', '2025-01-01', '{"suspended_reason": "unpaid invoice"}', TIMESTAMPTZ '2026-01-05 09:00:00+00', TIMESTAMPTZ '2026-03-01 00:00:00+00', NULL),
  ('50000000-0000-4000-8000-000000000005', 'hooli', 'Hooli Labs', 'free', 'active', 25, '0.00', '2026-01-01', '{}', TIMESTAMPTZ '2026-01-06 09:00:00+00', TIMESTAMPTZ '2026-01-06 09:00:00+00', NULL),
  ('50000000-0000-4000-8000-000000000006', 'vandelay', 'Vandelay Imports', 'free', 'closed', 25, '0.00', '2026-01-01', '{}', TIMESTAMPTZ '2026-01-07 09:00:00+00', TIMESTAMPTZ '2026-02-28 17:00:00+00', TIMESTAMPTZ '2026-02-28 17:00:00+00');

-- Acme Corporation: 30 users, 50 sessions, 70 audit entries, 6 password resets.
-- User u of tenant 1 has id 51000000-0000-4000-8000-<1000 + u, 12 digits>.
SELECT set_config('schemac.tenant', '50000000-0000-4000-8000-000000000001', true);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30),
first_names(k, name) AS (VALUES
  (0, 'Maya'), (1, 'Tom'), (2, 'Priya'), (3, 'Lukas'), (4, 'Chen'), (5, 'Sofia'), (6, 'Kwame'), (7, 'Elena')),
last_names(k, name) AS (VALUES
  (0, 'Fischer'), (1, 'Okoro'), (2, 'Lindqvist'), (3, 'Sharma'), (4, 'Moreau'), (5, 'Tanaka'), (6, 'Novak'),
  (7, 'Garcia'), (8, 'Byrne'), (9, 'Haddad'))
INSERT INTO users (id, tenant_id, email, password_hash, first_name, last_name, role, is_active, email_verified,
                   utc_offset_minutes, failed_logins, last_login_at, created_at, updated_at, deleted_at, version)
SELECT CAST('51000000-0000-4000-8000-' || lpad(CAST(1000 + n.i AS text), 12, '0') AS uuid),
       CAST('50000000-0000-4000-8000-000000000001' AS uuid),
       lower(f.name) || '.' || lower(l.name) || '@acme.example',
       '$2b$12$' || lpad(CAST(n.i * 7919 + 1 AS text), 53, '0'),
       f.name, l.name,
       CASE WHEN n.i = 1 THEN 'owner' WHEN n.i % 10 = 2 THEN 'admin' WHEN n.i % 10 = 7 THEN 'auditor' ELSE 'member' END,
       n.i % 13 <> 0,
       n.i % 6 <> 0,
       CASE n.i % 5 WHEN 0 THEN 60 WHEN 1 THEN 0 WHEN 2 THEN -300 WHEN 3 THEN 330 ELSE 540 END,
       CASE WHEN n.i % 13 = 0 THEN 5 ELSE n.i % 3 END,
       CASE WHEN n.i % 6 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-01-02 09:00:00+00' + (n.i * 1440 + 20000) * INTERVAL '1 minute' END,
       TIMESTAMPTZ '2026-01-02 09:00:00+00' + (n.i * 60) * INTERVAL '1 minute',
       TIMESTAMPTZ '2026-01-02 09:00:00+00' + (n.i * 60 + 1440) * INTERVAL '1 minute',
       CASE WHEN n.i % 17 = 0 THEN TIMESTAMPTZ '2026-01-02 09:00:00+00' + (n.i * 60 + 40000) * INTERVAL '1 minute' END,
       1 + n.i % 4
FROM n JOIN first_names f ON f.k = n.i % 8 JOIN last_names l ON l.k = n.i % 10;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
INSERT INTO user_sessions (id, tenant_id, user_id, token_hash, ip_address, user_agent, expires_at, created_at,
                           last_seen_at)
SELECT CAST('52000000-0000-4000-8000-' || lpad(CAST(1000 + i AS text), 12, '0') AS uuid),
       CAST('50000000-0000-4000-8000-000000000001' AS uuid),
       CAST('51000000-0000-4000-8000-' || lpad(CAST(1000 + 1 + (i - 1) % 30 AS text), 12, '0') AS uuid),
       'sha256:' || lpad(CAST(1000000 + i * 7919 AS text), 64, '0'),
       CASE WHEN i % 4 = 0 THEN '2001:db8::' || i ELSE '203.0.113.' || i END,
       CASE i % 3 WHEN 0 THEN 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15'
                  WHEN 1 THEN 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36'
                  ELSE 'acme-cli/2.3.1' END,
       TIMESTAMPTZ '2026-01-02 09:00:00+00' + (i * 180 + 50000) * INTERVAL '1 minute',
       TIMESTAMPTZ '2026-01-02 09:00:00+00' + (i * 180 + 7200) * INTERVAL '1 minute',
       CASE WHEN i % 5 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-01-02 09:00:00+00' + (i * 180 + 7300) * INTERVAL '1 minute' END
FROM n;

-- Every tenth entry is the system's own (no user). Ordered, so that both
-- databases number the entries alike.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70),
actions(k, action, resource_type) AS (VALUES
  (0, 'user.login', 'session'), (1, 'user.logout', 'session'), (2, 'user.created', 'user'),
  (3, 'user.role_changed', 'user'), (4, 'password.reset_requested', 'password_reset'),
  (5, 'tenant.settings_updated', 'tenant'), (6, 'user.login_failed', 'session'), (7, 'user.deactivated', 'user'))
INSERT INTO activity_logs (tenant_id, user_id, action, resource_type, resource_id, details, ip_address, occurred_on,
                           created_at)
SELECT CAST('50000000-0000-4000-8000-000000000001' AS uuid),
       CASE WHEN n.i % 10 = 0 THEN NULL
            ELSE CAST('51000000-0000-4000-8000-' || lpad(CAST(1000 + 1 + (n.i * 7) % 30 AS text), 12, '0') AS uuid) END,
       a.action, a.resource_type,
       CASE a.resource_type
         WHEN 'tenant' THEN '50000000-0000-4000-8000-000000000001'
         WHEN 'session' THEN '52000000-0000-4000-8000-' || lpad(CAST(1000 + 1 + (n.i - 1) % 50 AS text), 12, '0')
         WHEN 'password_reset' THEN NULL
         ELSE '51000000-0000-4000-8000-' || lpad(CAST(1000 + 1 + (n.i * 3) % 30 AS text), 12, '0') END,
       CASE a.action
         WHEN 'user.role_changed' THEN CAST('{"role": {"before": "member", "after": "admin"}}' AS jsonb)
         WHEN 'tenant.settings_updated' THEN CAST('{"mfa_required": {"before": false, "after": true}}' AS jsonb)
         WHEN 'user.login' THEN CAST('{"method": "password"}' AS jsonb) END,
       CASE WHEN n.i % 10 = 0 THEN NULL ELSE '198.51.100.' || n.i END,
       CAST('2026-02-' || lpad(CAST(1 + n.i % 28 AS text), 2, '0') AS date),
       TIMESTAMPTZ '2026-02-01 08:00:00+00' + (n.i % 28 * 1440 + n.i * 7) * INTERVAL '1 minute'
FROM n JOIN actions a ON a.k = n.i % 8
ORDER BY n.i;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6)
INSERT INTO password_resets (id, tenant_id, user_id, token_hash, expires_at, used_at, created_at)
SELECT CAST('53000000-0000-4000-8000-' || lpad(CAST(1000 + i AS text), 12, '0') AS uuid),
       CAST('50000000-0000-4000-8000-000000000001' AS uuid),
       CAST('51000000-0000-4000-8000-' || lpad(CAST(1000 + 1 + (i * 5) % 30 AS text), 12, '0') AS uuid),
       'sha256:' || lpad(CAST(1500000 + i * 7919 AS text), 64, '0'),
       TIMESTAMPTZ '2026-01-02 09:00:00+00' + (i * 2000 + 10060) * INTERVAL '1 minute',
       CASE WHEN i % 2 = 0 THEN TIMESTAMPTZ '2026-01-02 09:00:00+00' + (i * 2000 + 10012) * INTERVAL '1 minute' END,
       TIMESTAMPTZ '2026-01-02 09:00:00+00' + (i * 2000 + 10000) * INTERVAL '1 minute'
FROM n;

-- Globex Industries: 20 users, 30 sessions, 40 audit entries, 4 password resets.
-- User u of tenant 2 has id 51000000-0000-4000-8000-<2000 + u, 12 digits>.
SELECT set_config('schemac.tenant', '50000000-0000-4000-8000-000000000002', true);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20),
first_names(k, name) AS (VALUES
  (0, 'Maya'), (1, 'Tom'), (2, 'Priya'), (3, 'Lukas'), (4, 'Chen'), (5, 'Sofia'), (6, 'Kwame'), (7, 'Elena')),
last_names(k, name) AS (VALUES
  (0, 'Fischer'), (1, 'Okoro'), (2, 'Lindqvist'), (3, 'Sharma'), (4, 'Moreau'), (5, 'Tanaka'), (6, 'Novak'),
  (7, 'Garcia'), (8, 'Byrne'), (9, 'Haddad'))
INSERT INTO users (id, tenant_id, email, password_hash, first_name, last_name, role, is_active, email_verified,
                   utc_offset_minutes, failed_logins, last_login_at, created_at, updated_at, deleted_at, version)
SELECT CAST('51000000-0000-4000-8000-' || lpad(CAST(2000 + n.i AS text), 12, '0') AS uuid),
       CAST('50000000-0000-4000-8000-000000000002' AS uuid),
       lower(f.name) || '.' || lower(l.name) || '@globex.example',
       '$2b$12$' || lpad(CAST(n.i * 7919 + 2 AS text), 53, '0'),
       f.name, l.name,
       CASE WHEN n.i = 1 THEN 'owner' WHEN n.i % 10 = 2 THEN 'admin' WHEN n.i % 10 = 7 THEN 'auditor' ELSE 'member' END,
       n.i % 13 <> 0,
       n.i % 6 <> 0,
       CASE n.i % 5 WHEN 0 THEN 60 WHEN 1 THEN 0 WHEN 2 THEN -300 WHEN 3 THEN 330 ELSE 540 END,
       CASE WHEN n.i % 13 = 0 THEN 5 ELSE n.i % 3 END,
       CASE WHEN n.i % 6 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-01-03 09:00:00+00' + (n.i * 1440 + 20000) * INTERVAL '1 minute' END,
       TIMESTAMPTZ '2026-01-03 09:00:00+00' + (n.i * 60) * INTERVAL '1 minute',
       TIMESTAMPTZ '2026-01-03 09:00:00+00' + (n.i * 60 + 1440) * INTERVAL '1 minute',
       CASE WHEN n.i % 17 = 0 THEN TIMESTAMPTZ '2026-01-03 09:00:00+00' + (n.i * 60 + 40000) * INTERVAL '1 minute' END,
       1 + n.i % 4
FROM n JOIN first_names f ON f.k = n.i % 8 JOIN last_names l ON l.k = n.i % 10;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
INSERT INTO user_sessions (id, tenant_id, user_id, token_hash, ip_address, user_agent, expires_at, created_at,
                           last_seen_at)
SELECT CAST('52000000-0000-4000-8000-' || lpad(CAST(2000 + i AS text), 12, '0') AS uuid),
       CAST('50000000-0000-4000-8000-000000000002' AS uuid),
       CAST('51000000-0000-4000-8000-' || lpad(CAST(2000 + 1 + (i - 1) % 20 AS text), 12, '0') AS uuid),
       'sha256:' || lpad(CAST(2000000 + i * 7919 AS text), 64, '0'),
       CASE WHEN i % 4 = 0 THEN '2001:db8::' || i ELSE '203.0.113.' || i END,
       CASE i % 3 WHEN 0 THEN 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15'
                  WHEN 1 THEN 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36'
                  ELSE 'acme-cli/2.3.1' END,
       TIMESTAMPTZ '2026-01-03 09:00:00+00' + (i * 180 + 50000) * INTERVAL '1 minute',
       TIMESTAMPTZ '2026-01-03 09:00:00+00' + (i * 180 + 7200) * INTERVAL '1 minute',
       CASE WHEN i % 5 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-01-03 09:00:00+00' + (i * 180 + 7300) * INTERVAL '1 minute' END
FROM n;

-- Every tenth entry is the system's own (no user). Ordered, so that both
-- databases number the entries alike.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40),
actions(k, action, resource_type) AS (VALUES
  (0, 'user.login', 'session'), (1, 'user.logout', 'session'), (2, 'user.created', 'user'),
  (3, 'user.role_changed', 'user'), (4, 'password.reset_requested', 'password_reset'),
  (5, 'tenant.settings_updated', 'tenant'), (6, 'user.login_failed', 'session'), (7, 'user.deactivated', 'user'))
INSERT INTO activity_logs (tenant_id, user_id, action, resource_type, resource_id, details, ip_address, occurred_on,
                           created_at)
SELECT CAST('50000000-0000-4000-8000-000000000002' AS uuid),
       CASE WHEN n.i % 10 = 0 THEN NULL
            ELSE CAST('51000000-0000-4000-8000-' || lpad(CAST(2000 + 1 + (n.i * 7) % 20 AS text), 12, '0') AS uuid) END,
       a.action, a.resource_type,
       CASE a.resource_type
         WHEN 'tenant' THEN '50000000-0000-4000-8000-000000000002'
         WHEN 'session' THEN '52000000-0000-4000-8000-' || lpad(CAST(2000 + 1 + (n.i - 1) % 30 AS text), 12, '0')
         WHEN 'password_reset' THEN NULL
         ELSE '51000000-0000-4000-8000-' || lpad(CAST(2000 + 1 + (n.i * 3) % 20 AS text), 12, '0') END,
       CASE a.action
         WHEN 'user.role_changed' THEN CAST('{"role": {"before": "member", "after": "admin"}}' AS jsonb)
         WHEN 'tenant.settings_updated' THEN CAST('{"mfa_required": {"before": false, "after": true}}' AS jsonb)
         WHEN 'user.login' THEN CAST('{"method": "password"}' AS jsonb) END,
       CASE WHEN n.i % 10 = 0 THEN NULL ELSE '198.51.100.' || n.i END,
       CAST('2026-02-' || lpad(CAST(1 + n.i % 28 AS text), 2, '0') AS date),
       TIMESTAMPTZ '2026-02-01 08:00:00+00' + (n.i % 28 * 1440 + n.i * 7) * INTERVAL '1 minute'
FROM n JOIN actions a ON a.k = n.i % 8
ORDER BY n.i;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4)
INSERT INTO password_resets (id, tenant_id, user_id, token_hash, expires_at, used_at, created_at)
SELECT CAST('53000000-0000-4000-8000-' || lpad(CAST(2000 + i AS text), 12, '0') AS uuid),
       CAST('50000000-0000-4000-8000-000000000002' AS uuid),
       CAST('51000000-0000-4000-8000-' || lpad(CAST(2000 + 1 + (i * 5) % 20 AS text), 12, '0') AS uuid),
       'sha256:' || lpad(CAST(2500000 + i * 7919 AS text), 64, '0'),
       TIMESTAMPTZ '2026-01-03 09:00:00+00' + (i * 2000 + 10060) * INTERVAL '1 minute',
       CASE WHEN i % 2 = 0 THEN TIMESTAMPTZ '2026-01-03 09:00:00+00' + (i * 2000 + 10012) * INTERVAL '1 minute' END,
       TIMESTAMPTZ '2026-01-03 09:00:00+00' + (i * 2000 + 10000) * INTERVAL '1 minute'
FROM n;

-- Initech: 12 users, 16 sessions, 24 audit entries, 3 password resets.
-- User u of tenant 3 has id 51000000-0000-4000-8000-<3000 + u, 12 digits>.
SELECT set_config('schemac.tenant', '50000000-0000-4000-8000-000000000003', true);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12),
first_names(k, name) AS (VALUES
  (0, 'Maya'), (1, 'Tom'), (2, 'Priya'), (3, 'Lukas'), (4, 'Chen'), (5, 'Sofia'), (6, 'Kwame'), (7, 'Elena')),
last_names(k, name) AS (VALUES
  (0, 'Fischer'), (1, 'Okoro'), (2, 'Lindqvist'), (3, 'Sharma'), (4, 'Moreau'), (5, 'Tanaka'), (6, 'Novak'),
  (7, 'Garcia'), (8, 'Byrne'), (9, 'Haddad'))
INSERT INTO users (id, tenant_id, email, password_hash, first_name, last_name, role, is_active, email_verified,
                   utc_offset_minutes, failed_logins, last_login_at, created_at, updated_at, deleted_at, version)
SELECT CAST('51000000-0000-4000-8000-' || lpad(CAST(3000 + n.i AS text), 12, '0') AS uuid),
       CAST('50000000-0000-4000-8000-000000000003' AS uuid),
       lower(f.name) || '.' || lower(l.name) || '@initech.example',
       '$2b$12$' || lpad(CAST(n.i * 7919 + 3 AS text), 53, '0'),
       f.name, l.name,
       CASE WHEN n.i = 1 THEN 'owner' WHEN n.i % 10 = 2 THEN 'admin' WHEN n.i % 10 = 7 THEN 'auditor' ELSE 'member' END,
       n.i % 13 <> 0,
       n.i % 6 <> 0,
       CASE n.i % 5 WHEN 0 THEN 60 WHEN 1 THEN 0 WHEN 2 THEN -300 WHEN 3 THEN 330 ELSE 540 END,
       CASE WHEN n.i % 13 = 0 THEN 5 ELSE n.i % 3 END,
       CASE WHEN n.i % 6 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-01-04 09:00:00+00' + (n.i * 1440 + 20000) * INTERVAL '1 minute' END,
       TIMESTAMPTZ '2026-01-04 09:00:00+00' + (n.i * 60) * INTERVAL '1 minute',
       TIMESTAMPTZ '2026-01-04 09:00:00+00' + (n.i * 60 + 1440) * INTERVAL '1 minute',
       CASE WHEN n.i % 17 = 0 THEN TIMESTAMPTZ '2026-01-04 09:00:00+00' + (n.i * 60 + 40000) * INTERVAL '1 minute' END,
       1 + n.i % 4
FROM n JOIN first_names f ON f.k = n.i % 8 JOIN last_names l ON l.k = n.i % 10;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 16)
INSERT INTO user_sessions (id, tenant_id, user_id, token_hash, ip_address, user_agent, expires_at, created_at,
                           last_seen_at)
SELECT CAST('52000000-0000-4000-8000-' || lpad(CAST(3000 + i AS text), 12, '0') AS uuid),
       CAST('50000000-0000-4000-8000-000000000003' AS uuid),
       CAST('51000000-0000-4000-8000-' || lpad(CAST(3000 + 1 + (i - 1) % 12 AS text), 12, '0') AS uuid),
       'sha256:' || lpad(CAST(3000000 + i * 7919 AS text), 64, '0'),
       CASE WHEN i % 4 = 0 THEN '2001:db8::' || i ELSE '203.0.113.' || i END,
       CASE i % 3 WHEN 0 THEN 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15'
                  WHEN 1 THEN 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36'
                  ELSE 'acme-cli/2.3.1' END,
       TIMESTAMPTZ '2026-01-04 09:00:00+00' + (i * 180 + 50000) * INTERVAL '1 minute',
       TIMESTAMPTZ '2026-01-04 09:00:00+00' + (i * 180 + 7200) * INTERVAL '1 minute',
       CASE WHEN i % 5 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-01-04 09:00:00+00' + (i * 180 + 7300) * INTERVAL '1 minute' END
FROM n;

-- Every tenth entry is the system's own (no user). Ordered, so that both
-- databases number the entries alike.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24),
actions(k, action, resource_type) AS (VALUES
  (0, 'user.login', 'session'), (1, 'user.logout', 'session'), (2, 'user.created', 'user'),
  (3, 'user.role_changed', 'user'), (4, 'password.reset_requested', 'password_reset'),
  (5, 'tenant.settings_updated', 'tenant'), (6, 'user.login_failed', 'session'), (7, 'user.deactivated', 'user'))
INSERT INTO activity_logs (tenant_id, user_id, action, resource_type, resource_id, details, ip_address, occurred_on,
                           created_at)
SELECT CAST('50000000-0000-4000-8000-000000000003' AS uuid),
       CASE WHEN n.i % 10 = 0 THEN NULL
            ELSE CAST('51000000-0000-4000-8000-' || lpad(CAST(3000 + 1 + (n.i * 7) % 12 AS text), 12, '0') AS uuid) END,
       a.action, a.resource_type,
       CASE a.resource_type
         WHEN 'tenant' THEN '50000000-0000-4000-8000-000000000003'
         WHEN 'session' THEN '52000000-0000-4000-8000-' || lpad(CAST(3000 + 1 + (n.i - 1) % 16 AS text), 12, '0')
         WHEN 'password_reset' THEN NULL
         ELSE '51000000-0000-4000-8000-' || lpad(CAST(3000 + 1 + (n.i * 3) % 12 AS text), 12, '0') END,
       CASE a.action
         WHEN 'user.role_changed' THEN CAST('{"role": {"before": "member", "after": "admin"}}' AS jsonb)
         WHEN 'tenant.settings_updated' THEN CAST('{"mfa_required": {"before": false, "after": true}}' AS jsonb)
         WHEN 'user.login' THEN CAST('{"method": "password"}' AS jsonb) END,
       CASE WHEN n.i % 10 = 0 THEN NULL ELSE '198.51.100.' || n.i END,
       CAST('2026-02-' || lpad(CAST(1 + n.i % 28 AS text), 2, '0') AS date),
       TIMESTAMPTZ '2026-02-01 08:00:00+00' + (n.i % 28 * 1440 + n.i * 7) * INTERVAL '1 minute'
FROM n JOIN actions a ON a.k = n.i % 8
ORDER BY n.i;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3)
INSERT INTO password_resets (id, tenant_id, user_id, token_hash, expires_at, used_at, created_at)
SELECT CAST('53000000-0000-4000-8000-' || lpad(CAST(3000 + i AS text), 12, '0') AS uuid),
       CAST('50000000-0000-4000-8000-000000000003' AS uuid),
       CAST('51000000-0000-4000-8000-' || lpad(CAST(3000 + 1 + (i * 5) % 12 AS text), 12, '0') AS uuid),
       'sha256:' || lpad(CAST(3500000 + i * 7919 AS text), 64, '0'),
       TIMESTAMPTZ '2026-01-04 09:00:00+00' + (i * 2000 + 10060) * INTERVAL '1 minute',
       CASE WHEN i % 2 = 0 THEN TIMESTAMPTZ '2026-01-04 09:00:00+00' + (i * 2000 + 10012) * INTERVAL '1 minute' END,
       TIMESTAMPTZ '2026-01-04 09:00:00+00' + (i * 2000 + 10000) * INTERVAL '1 minute'
FROM n;
