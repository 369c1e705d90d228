-- gold.repurchase_rate: repurchase after the first purchase (复购率), per first-purchase month:
-- of the customers whose first paid order was that month, the share who paid again within 7, 30
-- and 90 days. Only customers whose window has fully passed by as_of_date are counted
-- (eligible_7d ...), so a young cohort is not understated; a rate is null until someone is eligible.
-- Grain: cohort_month. Rebuilt whole every night.
WITH orders AS (
  SELECT user_id, order_id, min(paid_at) AS paid_at
  FROM gold.fact_order_lines
  WHERE is_paid AND paid_date <= {{as_of}}
  GROUP BY user_id, order_id
),
ranked AS (
  SELECT user_id, paid_at, row_number() OVER (PARTITION BY user_id ORDER BY paid_at, order_id) AS n
  FROM orders
),
firsts AS (
  SELECT f.user_id, to_date(f.paid_at) AS first_day,
         datediff(to_date(s.paid_at), to_date(f.paid_at)) AS days_to_second
  FROM ranked f LEFT JOIN ranked s ON s.user_id = f.user_id AND s.n = 2
  WHERE f.n = 1
)
SELECT CAST({{as_of}} AS DATE) AS as_of_date,
       trunc(first_day, 'MM') AS cohort_month,
       count(*) AS new_customers,
       count_if(date_add(first_day, 7) <= {{as_of}}) AS eligible_7d,
       try_divide(count_if(date_add(first_day, 7) <= {{as_of}} AND days_to_second <= 7), count_if(date_add(first_day, 7) <= {{as_of}})) AS repurchase_7d,
       count_if(date_add(first_day, 30) <= {{as_of}}) AS eligible_30d,
       try_divide(count_if(date_add(first_day, 30) <= {{as_of}} AND days_to_second <= 30), count_if(date_add(first_day, 30) <= {{as_of}})) AS repurchase_30d,
       count_if(date_add(first_day, 90) <= {{as_of}}) AS eligible_90d,
       try_divide(count_if(date_add(first_day, 90) <= {{as_of}} AND days_to_second <= 90), count_if(date_add(first_day, 90) <= {{as_of}})) AS repurchase_90d
FROM firsts
GROUP BY trunc(first_day, 'MM')
