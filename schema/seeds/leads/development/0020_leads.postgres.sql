-- 300 leads captured over the first half of 2026, with their scores and
-- marketing attribution. Deterministic: lead i has id
-- 10000000-0000-4000-8000-<i, 12 digits> and every value is derived from i.
-- The .sqlite.sql twin is made
-- from this file by schema/seeds/to_sqlite.sh.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300),
first_names(k, name) AS (VALUES
  (0, 'Olivia'), (1, 'Liam'), (2, 'Amelia'), (3, 'Noah'), (4, 'Isla'), (5, 'Oliver'), (6, 'Ava'),
  (7, 'George'), (8, 'Mia'), (9, 'Arthur'), (10, 'Ivy'), (11, 'Muhammad'), (12, 'Freya'), (13, 'Leo'),
  (14, 'Lily'), (15, 'Harry'), (16, 'Florence'), (17, 'Oscar'), (18, 'Sophia'), (19, 'Jack')),
last_names(k, name) AS (VALUES
  (0, 'Smith'), (1, 'Jones'), (2, 'Taylor'), (3, 'Brown'), (4, 'Williams'), (5, 'Wilson'), (6, 'Johnson'),
  (7, 'Davies'), (8, 'Patel'), (9, 'Robinson'), (10, 'Wright'), (11, 'Thompson'), (12, 'Evans'),
  (13, 'Walker'), (14, 'White'), (15, 'Roberts'), (16, 'Green'), (17, 'Hall'), (18, 'O''Brien'), (19, 'Khan')),
streets(k, name) AS (VALUES
  (0, 'High Street'), (1, 'Station Road'), (2, 'Church Lane'), (3, 'Victoria Road'), (4, 'Green Lane'),
  (5, 'Manor Road'), (6, 'Park Avenue'), (7, 'Queens Road'), (8, 'Mill Lane'), (9, 'The Crescent')),
towns(k, area, town) AS (VALUES
  (0, 'LS6', 'Leeds'), (1, 'M14', 'Manchester'), (2, 'BS7', 'Bristol'), (3, 'NG5', 'Nottingham'),
  (4, 'SW11', 'London'), (5, 'EH10', 'Edinburgh'), (6, 'CF24', 'Cardiff'), (7, 'B15', 'Birmingham')),
lead(i, score, status) AS (
  SELECT i, (i * 37) % 101,
         CASE WHEN i % 10 < 5 THEN 'pending' WHEN i % 10 < 7 THEN 'reached_out' WHEN i % 10 = 7 THEN 'converted' ELSE 'closed' END
  FROM n)
INSERT INTO leads (id, external_lead_id, first_name, last_name, email, phone, address, postcode, property_type,
                   service_type, timeline, urgency, tier, score, status, resume_path, assigned_user_id,
                   reached_out_at, attributes, created_at, updated_at, version)
SELECT CAST('10000000-0000-4000-8000-' || lpad(CAST(x.i AS text), 12, '0') AS uuid),
       'MKT-2026-' || lpad(CAST(x.i AS text), 5, '0'),
       f.name, l.name,
       lower(f.name) || '.' || lower(replace(l.name, '''', '')) || x.i || '@example.com',
       CASE WHEN x.i % 4 = 0 THEN NULL ELSE '+44 7700 9' || lpad(CAST(x.i AS text), 5, '0') END,
       CASE WHEN x.i % 3 = 0 THEN NULL ELSE CAST(1 + x.i % 180 AS text) || ' ' || s.name || ', ' || t.town END,
       t.area || ' ' || CAST(1 + x.i % 9 AS text) || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + x.i % 20, 1)
         || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + (x.i * 7) % 20, 1),
       CASE x.i % 6 WHEN 0 THEN 'house' WHEN 1 THEN 'flat' WHEN 2 THEN 'bungalow' WHEN 3 THEN 'house'
                    WHEN 4 THEN 'commercial' ELSE 'land' END,
       CASE x.i % 5 WHEN 0 THEN 'valuation' WHEN 1 THEN 'sale' WHEN 2 THEN 'letting' WHEN 3 THEN 'conveyancing'
                    ELSE 'survey' END,
       CASE x.i % 5 WHEN 0 THEN 'immediately' WHEN 1 THEN 'within_month' WHEN 2 THEN 'within_quarter'
                    WHEN 3 THEN 'later' ELSE 'unknown' END,
       CASE WHEN x.score >= 90 THEN 'critical' WHEN x.score >= 70 THEN 'high' WHEN x.score >= 20 THEN 'normal' ELSE 'low' END,
       CASE WHEN x.score >= 80 THEN 'hot' WHEN x.score >= 60 THEN 'warm' WHEN x.score >= 40 THEN 'cool' ELSE 'cold' END,
       x.score, x.status,
       CASE WHEN x.i % 7 = 0 THEN 'resumes/2026/' || lpad(CAST(x.i AS text), 5, '0') || '.pdf' END,
       CASE WHEN x.status = 'pending' AND x.i % 2 = 0 THEN NULL
            ELSE CAST('20000000-0000-4000-8000-00000000000' || CAST(1 + x.i % 5 AS text) AS uuid) END,
       CASE WHEN x.status <> 'pending'
            THEN TIMESTAMPTZ '2026-01-01 08:00:00+00' + (x.i * 833 + 1440) * INTERVAL '1 minute' END,
       CAST('{"form": "valuation-v2", "consent": true, "bedrooms": ' || CAST(1 + x.i % 5 AS text) || '}' AS jsonb),
       TIMESTAMPTZ '2026-01-01 08:00:00+00' + (x.i * 833) * INTERVAL '1 minute',
       TIMESTAMPTZ '2026-01-01 08:00:00+00' + (x.i * 833 + 2880) * INTERVAL '1 minute',
       1
FROM lead x
JOIN first_names f ON f.k = x.i % 20
JOIN last_names l ON l.k = (x.i * 7) % 20
JOIN streets s ON s.k = x.i % 10
JOIN towns t ON t.k = (x.i * 3) % 8;

-- A scoring run for two leads in three; the four components add up to the
-- lead's score (each 0..25).
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO lead_scores (lead_id, overall_score, tier, completeness_score, engagement_score, readiness_score,
                         source_score, model_version, calculated_at)
SELECT CAST('10000000-0000-4000-8000-' || lpad(CAST(i AS text), 12, '0') AS uuid),
       (i * 37) % 101,
       CASE WHEN (i * 37) % 101 >= 80 THEN 'hot' WHEN (i * 37) % 101 >= 60 THEN 'warm'
            WHEN (i * 37) % 101 >= 40 THEN 'cool' ELSE 'cold' END,
       ((i * 37) % 101 + 3) / 4, ((i * 37) % 101 + 2) / 4, ((i * 37) % 101 + 1) / 4, ((i * 37) % 101) / 4,
       CASE WHEN i % 2 = 0 THEN '2026.01' ELSE '2026.03' END,
       TIMESTAMPTZ '2026-01-01 08:00:00+00' + (i * 833 + 5) * INTERVAL '1 minute'
FROM n WHERE i % 3 <> 0;

-- Where each lead came from: one attribution each, a second one for every
-- third lead (a retargeting click).
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300),
channels(k, channel, source, medium) AS (VALUES
  (0, 'search', 'google', 'cpc'), (1, 'social', 'facebook', 'paid_social'), (2, 'email', 'newsletter', 'email'),
  (3, 'referral', 'rightmove', 'referral'), (4, 'direct', 'website', NULL), (5, 'search', 'bing', 'cpc'))
INSERT INTO lead_source_attributions (lead_id, channel, source, campaign, medium, utm_source, utm_medium,
                                      utm_campaign, referrer, landing_page, cost, captured_at)
SELECT CAST('10000000-0000-4000-8000-' || lpad(CAST(n.i AS text), 12, '0') AS uuid),
       c.channel, c.source,
       CASE WHEN c.medium IS NULL THEN NULL ELSE 'spring-valuations-2026' END,
       c.medium,
       CASE WHEN c.medium IS NULL THEN NULL ELSE c.source END,
       c.medium,
       CASE WHEN c.medium IS NULL THEN NULL ELSE 'spring_valuations' END,
       CASE c.channel WHEN 'referral' THEN 'https://www.rightmove.example/property/' || CAST(n.i AS text) END,
       'https://agency.example/valuation?ref=' || CAST(n.i AS text),
       CASE WHEN c.medium = 'cpc' OR c.medium = 'paid_social' THEN round((50 + (n.i * 13) % 250) / 100.0, 2) END,
       TIMESTAMPTZ '2026-01-01 08:00:00+00' + (n.i * 833 - 1) * INTERVAL '1 minute'
FROM n JOIN channels c ON c.k = n.i % 6
UNION ALL
SELECT CAST('10000000-0000-4000-8000-' || lpad(CAST(n.i AS text), 12, '0') AS uuid),
       'retargeting', 'facebook', 'spring-retargeting-2026', 'paid_social', 'facebook', 'paid_social',
       'spring_retargeting', NULL, 'https://agency.example/valuation?rt=1',
       round((20 + (n.i * 7) % 80) / 100.0, 2),
       TIMESTAMPTZ '2026-01-01 08:00:00+00' + (n.i * 833 - 30) * INTERVAL '1 minute'
FROM n WHERE n.i % 3 = 0;
