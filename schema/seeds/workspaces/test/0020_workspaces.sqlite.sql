-- For tests: two users, one workspace they share, two documents.
-- Made from the .postgres.sql twin
-- by schema/seeds/to_sqlite.sh.
INSERT INTO users (id, azure_object_id, email, display_name, created_at, updated_at) VALUES
  ('30000000-0000-4000-9000-000000000001', 'aad-test-1', 'owner@workspaces.example', 'Olga Owner', 1769936400000000, 1769936400000000),
  ('30000000-0000-4000-9000-000000000002', 'aad-test-2', 'editor@workspaces.example', 'Ed Editor', 1769936700000000, 1769936700000000);

INSERT INTO workspaces (id, name, owner_id, created_at, updated_at, version) VALUES
  ('40000000-0000-4000-9000-000000000001', 'Test Workspace', '30000000-0000-4000-9000-000000000001', 1769940000000000, 1769940000000000, 1);

INSERT INTO workspace_members (workspace_id, user_id, role, invited_by, joined_at) VALUES
  ('40000000-0000-4000-9000-000000000001', '30000000-0000-4000-9000-000000000001', 'owner', NULL, 1769940000000000),
  ('40000000-0000-4000-9000-000000000001', '30000000-0000-4000-9000-000000000002', 'editor', '30000000-0000-4000-9000-000000000001', 1769941800000000);

INSERT INTO artifacts (id, workspace_id, name, artifact_type, status, created_by, created_at, updated_at, version) VALUES
  ('43000000-0000-4000-9000-000000000001', '40000000-0000-4000-9000-000000000001', 'Product requirements', 'prd', 'review', '30000000-0000-4000-9000-000000000001', 1770022800000000, 1770022800000000, 1),
  ('43000000-0000-4000-9000-000000000002', '40000000-0000-4000-9000-000000000001', 'Architecture overview', 'architecture', 'draft', '30000000-0000-4000-9000-000000000002', 1770109200000000, 1770109200000000, 1);
