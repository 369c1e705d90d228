-- Live sessions per scheduled day and anchor: the schedule as ingested so far (the feed announces
-- sessions ahead of their day), the known future covariate of the GMV forecast. The forecast reads
-- it only up to gmv_schedule_days ahead of its origin, as far as a schedule is published.
-- Grain: (date, anchor_id).
SELECT to_date(scheduled_start) AS date, anchor_id, count(*) AS sessions
FROM gold.dim_live_session
WHERE scheduled_start IS NOT NULL AND anchor_id IS NOT NULL
GROUP BY 1, 2
