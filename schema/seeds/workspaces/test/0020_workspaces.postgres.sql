-- For tests: two users, one workspace they share, two documents.
-- The .sqlite.sql twin is made
-- from this file by schema/seeds/to_sqlite.sh.
INSERT INTO users (id, azure_object_id, email, display_name, created_at, updated_at) VALUES
  ('30000000-0000-4000-9000-000000000001', 'aad-test-1', 'owner@workspaces.example', 'Olga Owner', TIMESTAMPTZ '2026-02-01 09:00:00+00', TIMESTAMPTZ '2026-02-01 09:00:00+00'),
  ('30000000-0000-4000-9000-000000000002', 'aad-test-2', 'editor@workspaces.example', 'Ed Editor', TIMESTAMPTZ '2026-02-01 09:05:00+00', TIMESTAMPTZ '2026-02-01 09:05:00+00');

INSERT INTO workspaces (id, name, owner_id, created_at, updated_at, version) VALUES
  ('40000000-0000-4000-9000-000000000001', 'Test Workspace', '30000000-0000-4000-9000-000000000001', TIMESTAMPTZ '2026-02-01 10:00:00+00', TIMESTAMPTZ '2026-02-01 10:00:00+00', 1);

INSERT INTO workspace_members (workspace_id, user_id, role, invited_by, joined_at) VALUES
  ('40000000-0000-4000-9000-000000000001', '30000000-0000-4000-9000-000000000001', 'owner', NULL, TIMESTAMPTZ '2026-02-01 10:00:00+00'),
  ('40000000-0000-4000-9000-000000000001', '30000000-0000-4000-9000-000000000002', 'editor', '30000000-0000-4000-9000-000000000001', TIMESTAMPTZ '2026-02-01 10:30:00+00');

INSERT INTO artifacts (id, workspace_id, name, artifact_type, status, created_by, created_at, updated_at, version) VALUES
  ('43000000-0000-4000-9000-000000000001', '40000000-0000-4000-9000-000000000001', 'Product requirements', 'prd', 'review', '30000000-0000-4000-9000-000000000001', TIMESTAMPTZ '2026-02-02 09:00:00+00', TIMESTAMPTZ '2026-02-02 09:00:00+00', 1),
  ('43000000-0000-4000-9000-000000000002', '40000000-0000-4000-9000-000000000001', 'Architecture overview', 'architecture', 'draft', '30000000-0000-4000-9000-000000000002', TIMESTAMPTZ '2026-02-03 09:00:00+00', TIMESTAMPTZ '2026-02-03 09:00:00+00', 1);
