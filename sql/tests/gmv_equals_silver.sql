-- Days the night rebuilt whose order lines or GMV in gold.fact_order_lines differ from
-- silver.orders: a line lost or doubled on the way to gold. No row: they agree.
WITH gold_days AS (
  SELECT order_date, count(*) AS lines, sum(CASE WHEN is_paid THEN pay_amount ELSE 0 END) AS gmv
  FROM gold.fact_order_lines
  WHERE order_date IN ({{build_days}})
  GROUP BY order_date
),
silver_days AS (
  SELECT order_date, count(*) AS lines,
         sum(CASE WHEN paid_at IS NOT NULL THEN pay_amount ELSE 0 END) AS gmv
  FROM silver.orders
  WHERE order_date IN ({{build_days}})
  GROUP BY order_date
)
SELECT coalesce(g.order_date, s.order_date) AS order_date,
       s.lines AS silver_lines, g.lines AS gold_lines, s.gmv AS silver_gmv, g.gmv AS gold_gmv
FROM gold_days g
FULL OUTER JOIN silver_days s ON g.order_date = s.order_date
WHERE g.lines IS DISTINCT FROM s.lines OR g.gmv IS DISTINCT FROM s.gmv
