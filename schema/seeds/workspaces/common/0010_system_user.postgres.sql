-- The system user: artifacts fall back to it when their author is deleted
-- (Artifact.created_by defaults to this id), so every environment needs it.
-- The .sqlite.sql twin is made
-- from this file by schema/seeds/to_sqlite.sh.
INSERT INTO users (id, azure_object_id, email, display_name, locale, created_at, updated_at) VALUES
  ('00000000-0000-0000-0000-000000000001', 'system', 'system@workspaces.example', 'System', 'en',
   TIMESTAMPTZ '2025-01-01 00:00:00+00', TIMESTAMPTZ '2025-01-01 00:00:00+00');
