-- 40 users with profiles and API tokens, 20 workspaces of 5 members each,
-- a GitHub or SharePoint connection per workspace, 10 documents per
-- workspace and a sync history. Deterministic: user u has id
-- 30000000-0000-4000-8000-<u, 12 digits>, workspace w 40000000-..., and so on.
-- Made from the .postgres.sql twin
-- by schema/seeds/to_sqlite.sh.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40),
first_names(k, name) AS (VALUES
  (0, 'Maya'), (1, 'Tom'), (2, 'Priya'), (3, 'Lukas'), (4, 'Chen'), (5, 'Sofia'), (6, 'Kwame'), (7, 'Elena')),
last_names(k, name) AS (VALUES
  (0, 'Fischer'), (1, 'Okoro'), (2, 'Lindqvist'), (3, 'Sharma'), (4, 'Moreau'), (5, 'Tanaka'), (6, 'Novak'),
  (7, 'Garcia'), (8, 'Byrne'), (9, 'Haddad'))
INSERT INTO users (id, azure_object_id, email, display_name, locale, created_at, updated_at, last_login_at)
SELECT '30000000-0000-4000-8000-' || substr('000000000000' || (n.i), -12),
       'aad-' || substr('00000000' || (n.i * 7919), -8),
       lower(f.name) || '.' || lower(l.name) || '@workspaces.example',
       f.name || ' ' || l.name,
       CASE n.i % 4 WHEN 0 THEN 'de' WHEN 1 THEN 'en' WHEN 2 THEN 'fr' ELSE 'en' END,
       1767600000000000 + (n.i * 1440) * 60000000,
       1767600000000000 + (n.i * 1440 + 600) * 60000000,
       CASE WHEN n.i % 5 = 0 THEN NULL
            ELSE 1767600000000000 + (n.i * 1440 + 90000) * 60000000 END
FROM n JOIN first_names f ON f.k = n.i % 8 JOIN last_names l ON l.k = n.i % 10;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO user_profiles (user_id, job_title, timezone, settings, updated_at)
SELECT '30000000-0000-4000-8000-' || substr('000000000000' || (i), -12),
       CASE i % 4 WHEN 0 THEN 'Product Manager' WHEN 1 THEN 'Software Architect' WHEN 2 THEN 'Business Analyst'
                  ELSE NULL END,
       CASE i % 3 WHEN 0 THEN 'Europe/Berlin' WHEN 1 THEN 'Europe/London' ELSE 'America/New_York' END,
       '{"theme": "' || CASE WHEN i % 2 = 0 THEN 'dark' ELSE 'light' END || '", "sidebar": true}',
       1767600000000000 + (i * 1440 + 600) * 60000000
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO auth_tokens (id, user_id, kind, token_hash, scopes, expires_at, created_at)
SELECT '31000000-0000-4000-8000-' || substr('000000000000' || (i), -12),
       '30000000-0000-4000-8000-' || substr('000000000000' || (i), -12),
       CASE WHEN i % 3 = 0 THEN 'api_key' ELSE 'access' END,
       'sha256:' || substr('0000000000000000000000000000000000000000000000000000000000000000' || (i * 104729), -64),
       CASE WHEN i % 3 = 0 THEN '["artifacts:read", "artifacts:write"]' ELSE '["artifacts:read"]' END,
       CASE WHEN i % 3 = 0 THEN NULL
            ELSE 1767600000000000 + (i * 1440 + 43200) * 60000000 END,
       1767600000000000 + (i * 1440 + 700) * 60000000
FROM n;

-- Workspace w is owned by user w (an owner needs an account first).
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20),
topics(k, name) AS (VALUES
  (0, 'Payments'), (1, 'Onboarding'), (2, 'Search'), (3, 'Mobile App'), (4, 'Data Platform'),
  (5, 'Billing'), (6, 'Identity'), (7, 'Analytics'), (8, 'Partner API'), (9, 'Support Portal'))
INSERT INTO workspaces (id, name, description, owner_id, github_repo_url, sharepoint_config, created_at, updated_at,
                        deleted_at, version)
SELECT '40000000-0000-4000-8000-' || substr('000000000000' || (n.i), -12),
       t.name || CASE WHEN n.i > 10 THEN ' v2' ELSE '' END,
       'Requirements and design documents of the ' || lower(t.name) || ' team.',
       '30000000-0000-4000-8000-' || substr('000000000000' || (n.i), -12),
       CASE WHEN n.i % 2 = 1 THEN 'https://github.example/acme/' || replace(lower(t.name), ' ', '-') END,
       CASE WHEN n.i % 2 = 0
            THEN '{"site": "https://acme.sharepoint.example/sites/' || replace(lower(t.name), ' ', '') || '"}' END,
       1767600000000000 + (n.i * 1440 + 800) * 60000000,
       1767600000000000 + (n.i * 1440 + 5000) * 60000000,
       CASE WHEN n.i = 20 THEN 1767600000000000 + (60000) * 60000000 END,
       1 + n.i % 3
FROM n JOIN topics t ON t.k = n.i % 10;

-- Members: the owner and four others (users w+7, w+14, w+21, w+28, wrapping at 40).
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20),
slots(j, role) AS (VALUES (0, 'owner'), (1, 'admin'), (2, 'editor'), (3, 'editor'), (4, 'viewer'))
INSERT INTO workspace_members (workspace_id, user_id, role, invited_by, joined_at)
SELECT '40000000-0000-4000-8000-' || substr('000000000000' || (n.i), -12),
       '30000000-0000-4000-8000-' || substr('000000000000' || (1 + (n.i - 1 + s.j * 7) % 40), -12),
       s.role,
       CASE WHEN s.j = 0 THEN NULL ELSE '30000000-0000-4000-8000-' || substr('000000000000' || (n.i), -12) END,
       1767600000000000 + (n.i * 1440 + 800 + s.j * 60) * 60000000
FROM n CROSS JOIN slots s;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
INSERT INTO external_connections (id, workspace_id, service_type, service_config, status, created_at, updated_at)
SELECT '41000000-0000-4000-8000-' || substr('000000000000' || (i), -12),
       '40000000-0000-4000-8000-' || substr('000000000000' || (i), -12),
       CASE WHEN i % 2 = 1 THEN 'github' ELSE 'sharepoint' END,
       CASE WHEN i % 2 = 1 THEN '{"org": "acme", "branch": "main"}' ELSE '{"library": "Shared Documents"}' END,
       CASE WHEN i % 7 = 0 THEN 'error' ELSE 'active' END,
       1767600000000000 + (i * 1440 + 900) * 60000000,
       1767600000000000 + (i * 1440 + 900) * 60000000
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
INSERT INTO workspace_integrations (id, workspace_id, connection_id, integration_status, last_sync_at, created_at,
                                    updated_at)
SELECT '42000000-0000-4000-8000-' || substr('000000000000' || (i), -12),
       '40000000-0000-4000-8000-' || substr('000000000000' || (i), -12),
       '41000000-0000-4000-8000-' || substr('000000000000' || (i), -12),
       CASE WHEN i % 7 = 0 THEN 'failed' WHEN i % 5 = 0 THEN 'pending' ELSE 'connected' END,
       CASE WHEN i % 5 = 0 THEN NULL
            ELSE 1767600000000000 + (i * 1440 + 20000) * 60000000 END,
       1767600000000000 + (i * 1440 + 910) * 60000000,
       1767600000000000 + (i * 1440 + 20000) * 60000000
FROM n;

-- Ten documents per workspace: artifact a belongs to workspace 1 + (a - 1) / 10.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200),
kinds(k, artifact_type, title) AS (VALUES
  (0, 'prd', 'Product requirements'), (1, 'architecture', 'Architecture overview'),
  (2, 'user_story', 'User stories'), (3, 'epic', 'Epic breakdown'), (4, 'test_plan', 'Test plan'),
  (5, 'other', 'Meeting notes'), (6, 'user_story', 'Edge cases'), (7, 'architecture', 'Data model'),
  (8, 'prd', 'Release scope'), (9, 'test_plan', 'Acceptance tests'))
INSERT INTO artifacts (id, workspace_id, name, artifact_type, file_path, status, github_sync_status,
                       sharepoint_sync_status, size_bytes, created_by, created_at, updated_at, version)
SELECT '43000000-0000-4000-8000-' || substr('000000000000' || (n.i), -12),
       '40000000-0000-4000-8000-' || substr('000000000000' || (1 + (n.i - 1) / 10), -12),
       k.title,
       k.artifact_type,
       CASE WHEN n.i % 4 = 0 THEN NULL
            ELSE 'docs/' || replace(lower(k.title), ' ', '-') || '.md' END,
       CASE n.i % 5 WHEN 0 THEN 'draft' WHEN 1 THEN 'review' WHEN 2 THEN 'approved' WHEN 3 THEN 'published'
                    ELSE 'archived' END,
       CASE WHEN n.i % 6 = 0 THEN 'failed' WHEN n.i % 3 = 0 THEN 'pending' ELSE 'synced' END,
       CASE WHEN n.i % 4 = 0 THEN 'in_progress' ELSE 'pending' END,
       1024 + (n.i * 7919) % 250000,
       CASE WHEN n.i % 25 = 0 THEN '00000000-0000-0000-0000-000000000001'
            ELSE '30000000-0000-4000-8000-' || substr('000000000000' || (1 + (n.i - 1) / 10), -12) END,
       1767600000000000 + (n.i * 300 + 2000) * 60000000,
       1767600000000000 + (n.i * 300 + 9000) * 60000000,
       1 + n.i % 4
FROM n JOIN kinds k ON k.k = (n.i - 1) % 10;

-- Sync history: 150 operations, one in ten failed.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
INSERT INTO sync_logs (workspace_id, artifact_id, operation_type, service_type, status, operation_details,
                       error_message, duration_ms, created_at)
SELECT '40000000-0000-4000-8000-' || substr('000000000000' || (1 + (i - 1) % 20), -12),
       CASE WHEN i % 6 = 0 THEN NULL
            ELSE '43000000-0000-4000-8000-' || substr('000000000000' || (1 + ((i - 1) % 20) * 10 + i % 10), -12) END,
       CASE i % 4 WHEN 0 THEN 'save' WHEN 1 THEN 'publish' WHEN 2 THEN 'sync_from_git' ELSE 'sync_to_git' END,
       CASE WHEN (1 + (i - 1) % 20) % 2 = 1 THEN 'github' ELSE 'sharepoint' END,
       CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'synced' END,
       '{"files": ' || CAST(1 + i % 12 AS text) || '}',
       CASE WHEN i % 10 = 0 THEN 'remote rejected the push: branch is protected' END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 80 + (i * 97) % 4000 END,
       1767600000000000 + (i * 700 + 30000) * 60000000
FROM n;
