-- The system user: artifacts fall back to it when their author is deleted
-- (Artifact.created_by defaults to this id), so every environment needs it.
-- Made from the .postgres.sql twin
-- by schema/seeds/to_sqlite.sh.
INSERT INTO users (id, azure_object_id, email, display_name, locale, created_at, updated_at) VALUES
  ('00000000-0000-0000-0000-000000000001', 'system', 'system@workspaces.example', 'System', 'en',
   1735689600000000, 1735689600000000);
