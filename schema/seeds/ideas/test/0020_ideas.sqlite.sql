-- For tests: two founders, a draft, an idea being evaluated (two agents
-- done, one running) and a completed evaluation with one agent result.
-- Made from the .postgres.sql twin
-- by schema/seeds/to_sqlite.sh.
INSERT INTO users (id, email, password_hash, name, created_at, updated_at) VALUES
  ('60000000-0000-4000-9000-000000000001', 'ada@ideas.example', '$argon2id$v=19$m=65536,t=3,p=4$dGVzdHNhbHQx$aGFzaDE', 'Ada Founder', 1769936400000000, 1769936400000000),
  ('60000000-0000-4000-9000-000000000002', 'bo@ideas.example', '$argon2id$v=19$m=65536,t=3,p=4$dGVzdHNhbHQy$aGFzaDI', 'Bo Builder', 1769936700000000, 1769936700000000);

INSERT INTO business_ideas (id, user_id, title, description, status, industry, budget_usd, target_launch_date, created_at, updated_at, version) VALUES
  ('61000000-0000-4000-9000-000000000001', '60000000-0000-4000-9000-000000000001', 'Draft idea', 'A draft that has not been submitted yet; long enough to pass the check.', 'draft', NULL, NULL, NULL, 1770022800000000, 1770022800000000, 1),
  ('61000000-0000-4000-9000-000000000002', '60000000-0000-4000-9000-000000000001', 'Repair café marketplace', 'A booking app that matches broken household items with local volunteer repairers.', 'evaluating', 'Consumer Services', '25000.00', '2026-06-01', 1770026400000000, 1770112800000000, 2),
  ('61000000-0000-4000-9000-000000000003', '60000000-0000-4000-9000-000000000002', 'Dog walking co-op', 'A cooperative of neighbourhood dog walkers sharing insurance, scheduling and payments.', 'completed', 'Pet Care', '8000.00', '2026-05-01', 1770030000000000, 1770202800000000, 3);

INSERT INTO evaluations (id, business_idea_id, status, priority, overall_score, started_at, completed_at, results, due_on, created_at, updated_at) VALUES
  ('62000000-0000-4000-9000-000000000001', '61000000-0000-4000-9000-000000000002', 'analyzing', 'high', NULL, 1770112800000000, NULL, NULL, '2026-02-10', 1770112500000000, 1770112800000000),
  ('62000000-0000-4000-9000-000000000002', '61000000-0000-4000-9000-000000000003', 'completed', 'normal', 72.5, 1770116400000000, 1770118800000000, '{"verdict": "promising"}', '2026-02-10', 1770116100000000, 1770118800000000);

INSERT INTO agent_results (id, evaluation_id, agent_type, status, output_data, score, tokens_used, cost_usd, started_at, completed_at, created_at, updated_at) VALUES
  ('63000000-0000-4000-9000-000000000001', '62000000-0000-4000-9000-000000000001', 'market_research', 'completed', '{"summary": "Growing market."}', 68, 2400, '0.0480', 1770112800000000, 1770113100000000, 1770112500000000, 1770113100000000),
  ('63000000-0000-4000-9000-000000000002', '62000000-0000-4000-9000-000000000001', 'competitive_analysis', 'completed', '{"summary": "Two competitors."}', 55, 3100, '0.0620', 1770112800000000, 1770113220000000, 1770112500000000, 1770113220000000),
  ('63000000-0000-4000-9000-000000000003', '62000000-0000-4000-9000-000000000001', 'financial_analysis', 'running', NULL, NULL, 0, '0', 1770112860000000, NULL, 1770112500000000, 1770112860000000),
  ('63000000-0000-4000-9000-000000000004', '62000000-0000-4000-9000-000000000002', 'risk_assessment', 'completed', '{"summary": "Insurance required."}', 80, 1800, '0.0360', 1770116400000000, 1770118200000000, 1770116100000000, 1770118200000000);
