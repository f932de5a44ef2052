-- A handful of leads for tests: one per follow-up state, one with a score
-- and two attributions. The .sqlite.sql twin is made
-- from this file by schema/seeds/to_sqlite.sh.
INSERT INTO leads (id, external_lead_id, first_name, last_name, email, phone, postcode, service_type, tier, score,
                   status, assigned_user_id, reached_out_at, created_at, updated_at, version) VALUES
  ('10000000-0000-4000-9000-000000000001', 'TEST-1', 'Ada', 'Lovelace', 'ada@example.com', '+44 7700 900001', 'LS6 1AB', 'valuation', 'hot', 88, 'pending', NULL, NULL, TIMESTAMPTZ '2026-03-01 09:00:00+00', TIMESTAMPTZ '2026-03-01 09:00:00+00', 1),
  ('10000000-0000-4000-9000-000000000002', 'TEST-2', 'Alan', 'Turing', 'alan@example.com', NULL, 'M14 2CD', 'sale', 'warm', 65, 'reached_out', '20000000-0000-4000-8000-000000000001', TIMESTAMPTZ '2026-03-02 10:00:00+00', TIMESTAMPTZ '2026-03-01 10:00:00+00', TIMESTAMPTZ '2026-03-02 10:00:00+00', 2),
  ('10000000-0000-4000-9000-000000000003', 'TEST-3', 'Grace', 'Hopper', 'grace@example.com', NULL, 'BS7 3EF', 'letting', 'cool', 45, 'converted', '20000000-0000-4000-8000-000000000002', TIMESTAMPTZ '2026-03-03 11:00:00+00', TIMESTAMPTZ '2026-03-01 11:00:00+00', TIMESTAMPTZ '2026-03-04 11:00:00+00', 3),
  ('10000000-0000-4000-9000-000000000004', 'TEST-4', 'Edsger', 'Dijkstra', 'edsger@example.com', NULL, 'NG5 4GH', 'survey', 'cold', 10, 'closed', NULL, TIMESTAMPTZ '2026-03-04 12:00:00+00', TIMESTAMPTZ '2026-03-01 12:00:00+00', TIMESTAMPTZ '2026-03-05 12:00:00+00', 2);

INSERT INTO lead_scores (lead_id, overall_score, tier, completeness_score, engagement_score, readiness_score, source_score, calculated_at) VALUES
  ('10000000-0000-4000-9000-000000000001', 88, 'hot', 25, 22, 21, 20, TIMESTAMPTZ '2026-03-01 09:05:00+00');

INSERT INTO lead_source_attributions (lead_id, channel, source, medium, cost, captured_at) VALUES
  ('10000000-0000-4000-9000-000000000001', 'search', 'google', 'cpc', 1.25, TIMESTAMPTZ '2026-03-01 08:59:00+00'),
  ('10000000-0000-4000-9000-000000000002', 'referral', 'rightmove', 'referral', NULL, TIMESTAMPTZ '2026-03-01 09:59:00+00');
