-- gold.cohort_retention: customers grouped by the month of their first paid order (cohort_month);
-- for each later month, how many of them paid again that month and what share of the cohort that
-- is. months_since = 0 is the first month itself (retention 1). As of the night (as_of_date).
-- Grain: (cohort_month, months_since). Rebuilt whole every night.
WITH paid AS (
  SELECT user_id, trunc(paid_date, 'MM') AS month, min(paid_date) AS first_day
  FROM gold.fact_order_lines
  WHERE is_paid AND paid_date <= {{as_of}}
  GROUP BY user_id, trunc(paid_date, 'MM')
),
cohorts AS (
  SELECT user_id, min(month) AS cohort_month FROM paid GROUP BY user_id
),
sizes AS (
  SELECT cohort_month, count(*) AS cohort_size FROM cohorts GROUP BY cohort_month
)
SELECT CAST({{as_of}} AS DATE) AS as_of_date, c.cohort_month,
       CAST(months_between(p.month, c.cohort_month) AS INT) AS months_since,
       s.cohort_size,
       count(*) AS active_customers,
       count(*) / s.cohort_size AS retention
FROM cohorts c
JOIN paid p ON p.user_id = c.user_id
JOIN sizes s ON s.cohort_month = c.cohort_month
GROUP BY c.cohort_month, p.month, s.cohort_size
