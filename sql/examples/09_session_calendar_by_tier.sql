-- The session calendar of the last 30 days by GMV tier (场次日历): per day, how many broadcasts
-- beat their room's 30-day 75th percentile (S), its median (A), reached half of it (B) or fell
-- below (C), and how many rooms had no broadcast in the 30 days before (new).
SELECT session_date, count(*) AS sessions,
       sum(CASE WHEN gmv_tier = 'S' THEN 1 ELSE 0 END) AS tier_s,
       sum(CASE WHEN gmv_tier = 'A' THEN 1 ELSE 0 END) AS tier_a,
       sum(CASE WHEN gmv_tier = 'B' THEN 1 ELSE 0 END) AS tier_b,
       sum(CASE WHEN gmv_tier = 'C' THEN 1 ELSE 0 END) AS tier_c,
       sum(CASE WHEN gmv_tier = 'new' THEN 1 ELSE 0 END) AS tier_new,
       sum(gmv) AS gmv
FROM gold.session_benchmark
WHERE session_date > (SELECT max(session_date) FROM gold.session_benchmark) - INTERVAL '30' DAY
GROUP BY session_date
ORDER BY session_date
