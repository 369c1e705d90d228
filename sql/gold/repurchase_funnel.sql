-- gold.repurchase_funnel: customers at their 1st, 2nd, 3rd ... paid order, up to
-- {{repurchase_funnel_steps}} (the last step counts that many orders or more), as of the night.
--   customers         customers with at least purchase_number paid orders
--   step_rate         customers / customers of the step before (1 for the first)
--   median_days_since_previous   median days between the (n-1)th and the nth paid order
-- Grain: purchase_number. Rebuilt whole every night.
WITH orders AS (
  SELECT user_id, order_id, min(paid_at) AS paid_at
  FROM gold.fact_order_lines
  WHERE is_paid AND paid_date <= {{as_of}}
  GROUP BY user_id, order_id
),
ranked AS (
  SELECT user_id, paid_at,
         row_number() OVER (PARTITION BY user_id ORDER BY paid_at, order_id) AS n,
         lag(paid_at) OVER (PARTITION BY user_id ORDER BY paid_at, order_id) AS previous_at
  FROM orders
),
steps AS (
  SELECT n AS purchase_number,
         count(*) AS customers,
         percentile(datediff(to_date(paid_at), to_date(previous_at)), 0.5) AS median_days_since_previous
  FROM ranked
  WHERE n <= {{repurchase_funnel_steps}}
  GROUP BY n
)
SELECT CAST({{as_of}} AS DATE) AS as_of_date, CAST(purchase_number AS INT) AS purchase_number, customers,
       coalesce(customers / lag(customers) OVER (ORDER BY purchase_number), 1.0) AS step_rate,
       median_days_since_previous
FROM steps
