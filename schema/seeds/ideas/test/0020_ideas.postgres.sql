-- For tests: two founders, a draft, an idea being evaluated (two agents
-- done, one running) and a completed evaluation with one agent result.
-- The .sqlite.sql twin is made
-- from this file by schema/seeds/to_sqlite.sh.
INSERT INTO users (id, email, password_hash, name, created_at, updated_at) VALUES
  ('60000000-0000-4000-9000-000000000001', 'ada@ideas.example', '$argon2id$v=19$m=65536,t=3,p=4$dGVzdHNhbHQx$aGFzaDE', 'Ada Founder', TIMESTAMPTZ '2026-02-01 09:00:00+00', TIMESTAMPTZ '2026-02-01 09:00:00+00'),
  ('60000000-0000-4000-9000-000000000002', 'bo@ideas.example', '$argon2id$v=19$m=65536,t=3,p=4$dGVzdHNhbHQy$aGFzaDI', 'Bo Builder', TIMESTAMPTZ '2026-02-01 09:05:00+00', TIMESTAMPTZ '2026-02-01 09:05:00+00');

INSERT INTO business_ideas (id, user_id, title, description, status, industry, budget_usd, target_launch_date, created_at, updated_at, version) VALUES
  ('61000000-0000-4000-9000-000000000001', '60000000-0000-4000-9000-000000000001', 'Draft idea', 'A draft that has not been submitted yet; long enough to pass the check.', 'draft', NULL, NULL, NULL, TIMESTAMPTZ '2026-02-02 09:00:00+00', TIMESTAMPTZ '2026-02-02 09:00:00+00', 1),
  ('61000000-0000-4000-9000-000000000002', '60000000-0000-4000-9000-000000000001', 'Repair café marketplace', 'A booking app that matches broken household items with local volunteer repairers.', 'evaluating', 'Consumer Services', '25000.00', '2026-06-01', TIMESTAMPTZ '2026-02-02 10:00:00+00', TIMESTAMPTZ '2026-02-03 10:00:00+00', 2),
  ('61000000-0000-4000-9000-000000000003', '60000000-0000-4000-9000-000000000002', 'Dog walking co-op', 'A cooperative of neighbourhood dog walkers sharing insurance, scheduling and payments.', 'completed', 'Pet Care', '8000.00', '2026-05-01', TIMESTAMPTZ '2026-02-02 11:00:00+00', TIMESTAMPTZ '2026-02-04 11:00:00+00', 3);

INSERT INTO evaluations (id, business_idea_id, status, priority, overall_score, started_at, completed_at, results, due_on, created_at, updated_at) VALUES
  ('62000000-0000-4000-9000-000000000001', '61000000-0000-4000-9000-000000000002', 'analyzing', 'high', NULL, TIMESTAMPTZ '2026-02-03 10:00:00+00', NULL, NULL, '2026-02-10', TIMESTAMPTZ '2026-02-03 09:55:00+00', TIMESTAMPTZ '2026-02-03 10:00:00+00'),
  ('62000000-0000-4000-9000-000000000002', '61000000-0000-4000-9000-000000000003', 'completed', 'normal', 72.5, TIMESTAMPTZ '2026-02-03 11:00:00+00', TIMESTAMPTZ '2026-02-03 11:40:00+00', '{"verdict": "promising"}', '2026-02-10', TIMESTAMPTZ '2026-02-03 10:55:00+00', TIMESTAMPTZ '2026-02-03 11:40:00+00');

INSERT INTO agent_results (id, evaluation_id, agent_type, status, output_data, score, tokens_used, cost_usd, started_at, completed_at, created_at, updated_at) VALUES
  ('63000000-0000-4000-9000-000000000001', '62000000-0000-4000-9000-000000000001', 'market_research', 'completed', '{"summary": "Growing market."}', 68, 2400, '0.0480', TIMESTAMPTZ '2026-02-03 10:00:00+00', TIMESTAMPTZ '2026-02-03 10:05:00+00', TIMESTAMPTZ '2026-02-03 09:55:00+00', TIMESTAMPTZ '2026-02-03 10:05:00+00'),
  ('63000000-0000-4000-9000-000000000002', '62000000-0000-4000-9000-000000000001', 'competitive_analysis', 'completed', '{"summary": "Two competitors."}', 55, 3100, '0.0620', TIMESTAMPTZ '2026-02-03 10:00:00+00', TIMESTAMPTZ '2026-02-03 10:07:00+00', TIMESTAMPTZ '2026-02-03 09:55:00+00', TIMESTAMPTZ '2026-02-03 10:07:00+00'),
  ('63000000-0000-4000-9000-000000000003', '62000000-0000-4000-9000-000000000001', 'financial_analysis', 'running', NULL, NULL, 0, '0', TIMESTAMPTZ '2026-02-03 10:01:00+00', NULL, TIMESTAMPTZ '2026-02-03 09:55:00+00', TIMESTAMPTZ '2026-02-03 10:01:00+00'),
  ('63000000-0000-4000-9000-000000000004', '62000000-0000-4000-9000-000000000002', 'risk_assessment', 'completed', '{"summary": "Insurance required."}', 80, 1800, '0.0360', TIMESTAMPTZ '2026-02-03 11:00:00+00', TIMESTAMPTZ '2026-02-03 11:30:00+00', TIMESTAMPTZ '2026-02-03 10:55:00+00', TIMESTAMPTZ '2026-02-03 11:30:00+00');
