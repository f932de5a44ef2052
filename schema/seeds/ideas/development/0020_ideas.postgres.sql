-- 30 founders with two ideas each; the 45 ideas past draft have an
-- evaluation (pending, analyzing, failed or completed, following the idea),
-- each with the results of the five agents. Deterministic: user u has id
-- 60000000-0000-4000-8000-<u, 12 digits>, idea b 61000000-..., evaluation e
-- 62000000-..., agent result 63000000-...-<10 e + agent>.
-- The .sqlite.sql twin is made
-- from this file by schema/seeds/to_sqlite.sh.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30),
first_names(k, name) AS (VALUES
  (0, 'Maya'), (1, 'Tom'), (2, 'Priya'), (3, 'Lukas'), (4, 'Chen'), (5, 'Sofia'), (6, 'Kwame'), (7, 'Elena')),
last_names(k, name) AS (VALUES
  (0, 'Fischer'), (1, 'Okoro'), (2, 'Lindqvist'), (3, 'Sharma'), (4, 'Moreau'), (5, 'Tanaka'), (6, 'Novak'),
  (7, 'Garcia'), (8, 'Byrne'), (9, 'Haddad'))
INSERT INTO users (id, email, password_hash, name, created_at, updated_at)
SELECT CAST('60000000-0000-4000-8000-' || lpad(CAST(n.i AS text), 12, '0') AS uuid),
       lower(f.name) || '.' || lower(l.name) || '@ideas.example',
       '$argon2id$v=19$m=65536,t=3,p=4$' || lpad(CAST(n.i * 7919 AS text), 22, '0') || '$'
         || lpad(CAST(n.i * 104729 AS text), 43, '0'),
       f.name || ' ' || l.name,
       TIMESTAMPTZ '2026-01-05 08:00:00+00' + (n.i * 240) * INTERVAL '1 minute',
       TIMESTAMPTZ '2026-01-05 08:00:00+00' + (n.i * 240 + 30) * INTERVAL '1 minute'
FROM n JOIN first_names f ON f.k = n.i % 8 JOIN last_names l ON l.k = n.i % 10;

-- Idea b belongs to user 1 + (b - 1) % 30; its status follows b % 4.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60),
pitches(k, title, industry, pitch) AS (VALUES
  (0, 'Meal kits for shift workers', 'Food & Beverage',
      'Weekly meal kits timed to rotating shifts, delivered to hospital and factory lockers.'),
  (1, 'Repair café marketplace', 'Consumer Services',
      'A booking app that matches broken household items with local volunteer repairers.'),
  (2, 'Solar leasing for allotments', 'Energy',
      'Small solar panels and batteries leased to allotment associations for tools and lights.'),
  (3, 'Invoice chasing for tradespeople', 'Fintech',
      'Automatic, polite payment reminders by text and email for plumbers and electricians.'),
  (4, 'Second-hand school uniforms', 'Retail',
      'Schools collect outgrown uniforms; parents buy them back by size through a web shop.'),
  (5, 'Dog walking co-op', 'Pet Care',
      'A cooperative of neighbourhood dog walkers sharing insurance, scheduling and payments.'),
  (6, 'Accessible travel guides', 'Travel',
      'Audited step-free routes and venue reviews written by wheelchair users, sold per city.'),
  (7, 'Farm-to-canteen sourcing', 'Agriculture',
      'Pools orders from office canteens so regional farms can sell surplus directly to them.'),
  (8, 'Language tutoring for nurses', 'Education',
      'Clinical English courses for internationally trained nurses preparing for registration.'),
  (9, 'Bike fleet maintenance', 'Mobility',
      'On-site servicing subscriptions for courier and delivery companies with cargo bike fleets.'),
  (10, 'Quiet co-working for writers', 'Real Estate',
      'Phone-free desks in converted libraries, with day passes and monthly memberships.'),
  (11, 'Carbon reports for small shops', 'Sustainability',
      'Turns card-payment and utility data into the carbon reports that suppliers now demand.'))
INSERT INTO business_ideas (id, user_id, title, description, status, industry, budget_usd, target_launch_date,
                            created_at, updated_at, deleted_at, version)
SELECT CAST('61000000-0000-4000-8000-' || lpad(CAST(n.i AS text), 12, '0') AS uuid),
       CAST('60000000-0000-4000-8000-' || lpad(CAST(1 + (n.i - 1) % 30 AS text), 12, '0') AS uuid),
       p.title,
       p.pitch || ' First year: ' || CAST(3 + n.i % 9 AS text) || ' pilot customers.',
       CASE n.i % 4 WHEN 0 THEN 'draft' WHEN 1 THEN 'submitted' WHEN 2 THEN 'evaluating' ELSE 'completed' END,
       CASE WHEN n.i % 11 = 0 THEN NULL ELSE p.industry END,
       CASE WHEN n.i % 7 = 0 THEN NULL ELSE round((n.i * 250000 % 9000000 + 500000) / 100.0, 2) END,
       CASE WHEN n.i % 5 = 0 THEN NULL ELSE CAST('2026-' || lpad(CAST(4 + n.i % 9 AS text), 2, '0') || '-01' AS date) END,
       TIMESTAMPTZ '2026-01-05 08:00:00+00' + (n.i * 600) * INTERVAL '1 minute',
       TIMESTAMPTZ '2026-01-05 08:00:00+00' + (n.i * 600 + 2000) * INTERVAL '1 minute',
       CASE WHEN n.i % 19 = 0 THEN TIMESTAMPTZ '2026-01-05 08:00:00+00' + (n.i * 600 + 20000) * INTERVAL '1 minute' END,
       1 + n.i % 3
FROM n JOIN pitches p ON p.k = (n.i - 1) % 12;

-- Evaluation e is of idea b = e + (e - 1) / 3 (the ideas that are not
-- drafts); its status follows the idea's.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 45),
e(i, b) AS (SELECT i, i + (i - 1) / 3 FROM n),
ev(i, b, status) AS (
  SELECT i, b, CASE b % 4 WHEN 1 THEN 'pending' WHEN 2 THEN CASE WHEN b % 3 = 0 THEN 'failed' ELSE 'analyzing' END
                    ELSE 'completed' END
  FROM e)
INSERT INTO evaluations (id, business_idea_id, status, priority, overall_score, started_at, completed_at, results,
                         error_message, due_on, created_at, updated_at)
SELECT CAST('62000000-0000-4000-8000-' || lpad(CAST(ev.i AS text), 12, '0') AS uuid),
       CAST('61000000-0000-4000-8000-' || lpad(CAST(ev.b AS text), 12, '0') AS uuid),
       ev.status,
       CASE ev.b % 5 WHEN 0 THEN 'high' WHEN 1 THEN 'low' ELSE 'normal' END,
       CASE WHEN ev.status = 'completed' THEN ev.b * 37 % 61 + 35.5 END,
       CASE WHEN ev.status = 'pending' THEN NULL
            ELSE TIMESTAMPTZ '2026-01-05 08:00:00+00' + (ev.b * 600 + 3000) * INTERVAL '1 minute' END,
       CASE WHEN ev.status IN ('completed', 'failed')
            THEN TIMESTAMPTZ '2026-01-05 08:00:00+00' + (ev.b * 600 + 3045 + ev.b) * INTERVAL '1 minute' END,
       CASE WHEN ev.status = 'completed'
            THEN CASE ev.b % 3
                   WHEN 0 THEN CAST('{"verdict": "promising", "next_step": "customer interviews"}' AS jsonb)
                   WHEN 1 THEN CAST('{"verdict": "needs work", "next_step": "narrow the segment"}' AS jsonb)
                   ELSE CAST('{"verdict": "not viable", "next_step": "revisit pricing"}' AS jsonb) END END,
       CASE WHEN ev.status = 'failed' THEN 'financial_analysis agent timed out after 3 attempts' END,
       CAST('2026-02-' || lpad(CAST(1 + ev.b % 28 AS text), 2, '0') AS date),
       TIMESTAMPTZ '2026-01-05 08:00:00+00' + (ev.b * 600 + 2500) * INTERVAL '1 minute',
       TIMESTAMPTZ '2026-01-05 08:00:00+00' + (ev.b * 600 + 3100) * INTERVAL '1 minute'
FROM ev;

-- Five agents per evaluation: all done when it completed, the financial
-- analysis failed (third attempt) when it failed, some still running while
-- it is analyzing, none started while it is pending.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 45),
e(i, b) AS (SELECT i, i + (i - 1) / 3 FROM n),
ev(i, b, status) AS (
  SELECT i, b, CASE b % 4 WHEN 1 THEN 'pending' WHEN 2 THEN CASE WHEN b % 3 = 0 THEN 'failed' ELSE 'analyzing' END
                    ELSE 'completed' END
  FROM e),
agents(k, agent_type, summary, insight) AS (VALUES
  (1, 'market_research', 'Addressable market is growing about 8% a year.', 'Start in one city'),
  (2, 'competitive_analysis', 'Two regional competitors, no national one.', 'Compete on reliability'),
  (3, 'customer_research', 'Interviewed customers would pay monthly.', 'Offer a free first month'),
  (4, 'financial_analysis', 'Break-even after roughly 18 months.', 'Keep fixed costs low'),
  (5, 'risk_assessment', 'No licence needed; data protection applies.', 'Appoint a privacy lead')),
work(i, b, k, agent_type, summary, insight, status) AS (
  SELECT ev.i, ev.b, a.k, a.agent_type, a.summary, a.insight,
         CASE ev.status WHEN 'completed' THEN 'completed' WHEN 'pending' THEN 'pending'
                        WHEN 'failed' THEN CASE WHEN a.k = 4 THEN 'failed' WHEN a.k = 5 THEN 'pending' ELSE 'completed' END
                        ELSE CASE WHEN a.k <= 2 THEN 'completed' WHEN a.k = 3 THEN 'running' ELSE 'pending' END END
  FROM ev CROSS JOIN agents a)
INSERT INTO agent_results (id, evaluation_id, agent_type, status, input_data, output_data, score, insights,
                           tokens_used, cost_usd, weight, attempt, started_at, completed_at, error_message,
                           created_at, updated_at)
SELECT CAST('63000000-0000-4000-8000-' || lpad(CAST(w.i * 10 + w.k AS text), 12, '0') AS uuid),
       CAST('62000000-0000-4000-8000-' || lpad(CAST(w.i AS text), 12, '0') AS uuid),
       w.agent_type,
       w.status,
       CAST('{"idea_id": "61000000-0000-4000-8000-' || lpad(CAST(w.b AS text), 12, '0') || '"}' AS jsonb),
       CASE WHEN w.status = 'completed' THEN CAST('{"summary": "' || w.summary || '"}' AS jsonb) END,
       CASE WHEN w.status = 'completed' THEN (w.i * 13 + w.k * 29) % 60 + 40.0 END,
       CASE WHEN w.status = 'completed' AND w.k % 2 = 1 THEN CAST('["' || w.insight || '"]' AS jsonb) END,
       CASE WHEN w.status = 'pending' THEN 0 ELSE 1200 + (w.i * 97 + w.k * 131) % 6000 END,
       CASE WHEN w.status = 'pending' THEN 0 ELSE round((w.i * 7 % 90 + w.k * 11 + 10) / 100.0, 2) END,
       CASE w.k WHEN 4 THEN 1.5 WHEN 5 THEN 1.25 ELSE 1.0 END,
       CASE WHEN w.status = 'failed' THEN 3 ELSE 1 END,
       CASE WHEN w.status = 'pending' THEN NULL
            ELSE TIMESTAMPTZ '2026-01-05 08:00:00+00' + (w.b * 600 + 3000 + w.k * 2) * INTERVAL '1 minute' END,
       CASE WHEN w.status IN ('completed', 'failed')
            THEN TIMESTAMPTZ '2026-01-05 08:00:00+00' + (w.b * 600 + 3010 + w.k * 6) * INTERVAL '1 minute' END,
       CASE WHEN w.status = 'failed' THEN 'model call timed out after 120 s' END,
       TIMESTAMPTZ '2026-01-05 08:00:00+00' + (w.b * 600 + 2500) * INTERVAL '1 minute',
       TIMESTAMPTZ '2026-01-05 08:00:00+00' + (w.b * 600 + 3100) * INTERVAL '1 minute'
FROM work w;
