-- The attorneys who work leads, in every environment. Fixed ids so the
-- environment seeds can assign leads to them. The .sqlite.sql twin is made
-- from this file by schema/seeds/to_sqlite.sh.
INSERT INTO users (id, username, email, hashed_password, is_active, created_at, last_login_at) VALUES
  ('20000000-0000-4000-8000-000000000001', 'ahughes',  'amelia.hughes@example.com', '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', TRUE,  TIMESTAMPTZ '2025-11-03 09:00:00+00', TIMESTAMPTZ '2026-06-29 08:12:00+00'),
  ('20000000-0000-4000-8000-000000000002', 'okhan',    'omar.khan@example.com',     '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', TRUE,  TIMESTAMPTZ '2025-11-03 09:05:00+00', TIMESTAMPTZ '2026-06-30 07:45:00+00'),
  ('20000000-0000-4000-8000-000000000003', 'gwilliams','grace.williams@example.com','$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', TRUE,  TIMESTAMPTZ '2025-12-01 10:30:00+00', TIMESTAMPTZ '2026-06-27 16:02:00+00'),
  ('20000000-0000-4000-8000-000000000004', 'dokafor',  'daniel.okafor@example.com', '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', TRUE,  TIMESTAMPTZ '2026-01-12 08:00:00+00', NULL),
  ('20000000-0000-4000-8000-000000000005', 'pnowak',   'piotr.nowak@example.com',   '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', TRUE,  TIMESTAMPTZ '2026-02-02 08:00:00+00', TIMESTAMPTZ '2026-06-30 11:20:00+00'),
  ('20000000-0000-4000-8000-000000000006', 'sreid',    'sarah.reid@example.com',    '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5S7nOAwCKm4XbTbGkzvVX0ZQv9yPaG6', FALSE, TIMESTAMPTZ '2025-09-15 09:00:00+00', TIMESTAMPTZ '2026-03-31 17:40:00+00');
