-- The demo account, in every environment: the quick start signs in with it
-- (password "demo"). Made from the .postgres.sql twin
-- by schema/seeds/to_sqlite.sh.
INSERT INTO users (id, email, password_hash, name, created_at, updated_at) VALUES
  ('60000000-0000-4000-8000-000000000000', 'demo@ideas.example',
   '$argon2id$v=19$m=65536,t=3,p=4$c2VlZHNhbHRzZWVkc2FsdA$vU9V4tGgkYjHn2Xw0ayHMtq7sK1n2Pp3l3cS9JQ2p0M', 'Demo Founder',
   1767225600000000, 1767225600000000);
