-- The attorneys who work leads, in every environment. Fixed ids so the
-- environment seeds can assign leads to them. Made from the .postgres.sql twin
-- by schema/seeds/to_sqlite.sh.
INSERT INTO users (id, username, email, hashed_password, is_active, created_at, last_login_at) VALUES
  ('20000000-0000-4000-8000-000000000001', 'ahughes',  'amelia.hughes@example.com', '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', TRUE,  1762160400000000, 1782720720000000),
  ('20000000-0000-4000-8000-000000000002', 'okhan',    'omar.khan@example.com',     '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', TRUE,  1762160700000000, 1782805500000000),
  ('20000000-0000-4000-8000-000000000003', 'gwilliams','grace.williams@example.com','$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', TRUE,  1764585000000000, 1782576120000000),
  ('20000000-0000-4000-8000-000000000004', 'dokafor',  'daniel.okafor@example.com', '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', TRUE,  1768204800000000, NULL),
  ('20000000-0000-4000-8000-000000000005', 'pnowak',   'piotr.nowak@example.com',   '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', TRUE,  1770019200000000, 1782818400000000),
  ('20000000-0000-4000-8000-000000000006', 'sreid',    'sarah.reid@example.com',    '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', FALSE, 1757926800000000, 1774978800000000);
