-- gold.session_benchmark: each broadcast against its room's earlier ones (对比复盘): the room's
-- broadcasts that started in the 7 and in the 30 days before it (itself left out), their median
-- and 75th percentile (interpolated, as percentile()), and where this broadcast stands:
--   previous_gmv       gmv of the room's broadcast just before it
--   gmv_vs_median_7d   gmv / the 7-day median gmv; gmv_vs_median_30d likewise (null: no earlier
--                      broadcast in the window, or a median of 0)
--   gmv_tier           S above the 30-day 75th percentile; A above the 30-day median; B at least
--                      half of it; C below half; new: no broadcast of the room in the 30 days before.
--                      The session calendar (by GMV tier) is this table by session_date.
-- Grain: live_session_id. Rebuilt whole each night: a late order of one broadcast moves the
-- benchmarks of the room's next 30 days.
WITH review AS (
  SELECT live_session_id, session_date, room_id, anchor_id, actual_start, gmv, uv,
         conversion_rate, gpm
  FROM gold.live_session_review
  WHERE actual_start IS NOT NULL
),
earlier AS (
  SELECT r.live_session_id,
         count(CASE WHEN p.actual_start >= r.actual_start - INTERVAL 7 DAYS THEN 1 END) AS sessions_7d,
         percentile(CASE WHEN p.actual_start >= r.actual_start - INTERVAL 7 DAYS THEN p.gmv END, 0.5) AS gmv_median_7d,
         percentile(CASE WHEN p.actual_start >= r.actual_start - INTERVAL 7 DAYS THEN p.gmv END, 0.75) AS gmv_p75_7d,
         count(p.live_session_id) AS sessions_30d,
         percentile(p.gmv, 0.5) AS gmv_median_30d,
         percentile(p.gmv, 0.75) AS gmv_p75_30d,
         percentile(p.uv, 0.5) AS uv_median_30d,
         percentile(p.conversion_rate, 0.5) AS conversion_rate_median_30d,
         percentile(p.gpm, 0.5) AS gpm_median_30d,
         max_by(p.gmv, p.actual_start) AS previous_gmv
  FROM review r
  JOIN review p
    ON p.room_id = r.room_id AND p.actual_start < r.actual_start
   AND p.actual_start >= r.actual_start - INTERVAL 30 DAYS
  GROUP BY r.live_session_id
)
SELECT r.live_session_id, r.session_date, r.room_id, r.anchor_id, r.actual_start,
       r.gmv, r.uv, r.conversion_rate, r.gpm,
       e.previous_gmv,
       coalesce(e.sessions_7d, 0) AS sessions_7d, e.gmv_median_7d, e.gmv_p75_7d,
       coalesce(e.sessions_30d, 0) AS sessions_30d, e.gmv_median_30d, e.gmv_p75_30d,
       e.uv_median_30d, e.conversion_rate_median_30d, e.gpm_median_30d,
       try_divide(CAST(r.gmv AS DOUBLE), e.gmv_median_7d) AS gmv_vs_median_7d,
       try_divide(CAST(r.gmv AS DOUBLE), e.gmv_median_30d) AS gmv_vs_median_30d,
       CASE WHEN e.live_session_id IS NULL THEN 'new'
            WHEN r.gmv > e.gmv_p75_30d THEN 'S'
            WHEN r.gmv > e.gmv_median_30d THEN 'A'
            WHEN r.gmv >= e.gmv_median_30d / 2 THEN 'B'
            ELSE 'C' END AS gmv_tier
FROM review r
LEFT JOIN earlier e ON e.live_session_id = r.live_session_id
