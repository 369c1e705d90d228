-- gold.hour_heatmap: live-room activity per business day and hour of day (0-23), for slot planning:
-- pivot day_of_week x hour to see when viewers come and buy.
--   viewers   distinct users who entered a live room in the hour; visits: entries
--   interactions   live-room events in the hour
--   paid_orders, gmv   orders created in the hour that reached paid, and their pay_amount
-- Grain: (date, hour). Rebuilt for the days a night touched.
WITH viewing AS (
  SELECT to_date(enter_at) AS date, hour(enter_at) AS hour,
         count(DISTINCT user_id) AS viewers, count(*) AS visits
  FROM silver.viewing
  WHERE _dt IN ({{scan_days}}) AND to_date(enter_at) IN ({{build_days}})
  GROUP BY 1, 2
),
events AS (
  SELECT to_date(event_at) AS date, hour(event_at) AS hour, count(*) AS interactions
  FROM silver.interactions
  WHERE _dt IN ({{scan_days}}) AND to_date(event_at) IN ({{build_days}})
  GROUP BY 1, 2
),
sales AS (
  SELECT order_date AS date, hour(created_at) AS hour,
         count(DISTINCT order_id) AS paid_orders, sum(pay_amount) AS gmv
  FROM gold.fact_order_lines
  WHERE order_date IN ({{build_days}}) AND is_paid
  GROUP BY 1, 2
),
hours AS (
  SELECT date, hour FROM viewing
  UNION SELECT date, hour FROM events
  UNION SELECT date, hour FROM sales
)
SELECT h.date, weekday(h.date) + 1 AS day_of_week, h.hour,
       coalesce(v.viewers, 0) AS viewers,
       coalesce(v.visits, 0) AS visits,
       coalesce(e.interactions, 0) AS interactions,
       coalesce(s.paid_orders, 0) AS paid_orders,
       coalesce(s.gmv, 0) AS gmv
FROM hours h
LEFT JOIN viewing v ON v.date = h.date AND v.hour = h.hour
LEFT JOIN events e ON e.date = h.date AND e.hour = h.hour
LEFT JOIN sales s ON s.date = h.date AND s.hour = h.hour
