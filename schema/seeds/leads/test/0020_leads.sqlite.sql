-- A handful of leads for tests: one per follow-up state, one with a score
-- and two attributions. Made from the .postgres.sql twin
-- by schema/seeds/to_sqlite.sh.
INSERT INTO leads (id, external_lead_id, first_name, last_name, email, phone, postcode, service_type, tier, score,
                   status, assigned_user_id, reached_out_at, created_at, updated_at, version) VALUES
  ('10000000-0000-4000-9000-000000000001', 'TEST-1', 'Ada', 'Lovelace', 'ada@example.com', '+44 7700 900001', 'LS6 1AB', 'valuation', 'hot', 88, 'pending', NULL, NULL, 1772355600000000, 1772355600000000, 1),
  ('10000000-0000-4000-9000-000000000002', 'TEST-2', 'Alan', 'Turing', 'alan@example.com', NULL, 'M14 2CD', 'sale', 'warm', 65, 'reached_out', '20000000-0000-4000-8000-000000000001', 1772445600000000, 1772359200000000, 1772445600000000, 2),
  ('10000000-0000-4000-9000-000000000003', 'TEST-3', 'Grace', 'Hopper', 'grace@example.com', NULL, 'BS7 3EF', 'letting', 'cool', 45, 'converted', '20000000-0000-4000-8000-000000000002', 1772535600000000, 1772362800000000, 1772622000000000, 3),
  ('10000000-0000-4000-9000-000000000004', 'TEST-4', 'Edsger', 'Dijkstra', 'edsger@example.com', NULL, 'NG5 4GH', 'survey', 'cold', 10, 'closed', NULL, 1772625600000000, 1772366400000000, 1772712000000000, 2);

INSERT INTO lead_scores (lead_id, overall_score, tier, completeness_score, engagement_score, readiness_score, source_score, calculated_at) VALUES
  ('10000000-0000-4000-9000-000000000001', 88, 'hot', 25, 22, 21, 20, 1772355900000000);

INSERT INTO lead_source_attributions (lead_id, channel, source, medium, cost, captured_at) VALUES
  ('10000000-0000-4000-9000-000000000001', 'search', 'google', 'cpc', 1.25, 1772355540000000),
  ('10000000-0000-4000-9000-000000000002', 'referral', 'rightmove', 'referral', NULL, 1772359140000000);
