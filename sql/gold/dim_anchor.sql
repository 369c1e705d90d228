-- gold.dim_anchor: one row per anchor (主播), derived from the broadcasts (no anchor master file is
-- delivered): rooms and platforms they air on, first and last aired day, sessions aired.
-- Rebuilt whole every night.
SELECT anchor_id,
       array_sort(collect_set(room_id)) AS rooms,
       array_sort(collect_set(platform)) AS platforms,
       min(to_date(actual_start)) AS first_session_date,
       max(to_date(actual_start)) AS last_session_date,
       count(actual_start) AS sessions_aired
FROM silver.live_sessions
WHERE anchor_id IS NOT NULL
GROUP BY anchor_id
