-- gold.inventory_turnover: per SKU and calendar month, units sold over average stock on hand
-- (all warehouses), and the ABC class of docs/contract.md: A above 3 turns a month, B from 1 to 3, C below 1
-- (a SKU that sold without stock on hand is A). The current month is month-to-date
-- (complete = false).
--   units_sold     units of paid lines, by order day, less the lines refunded in full
--   avg_on_hand    mean over the month's snapshot days of the stock summed over warehouses
--   stockout_days  snapshot days with nothing on hand in any warehouse
-- Grain: (month, sku_id). Rebuilt for the months of the days a night touched.
WITH stock AS (
  SELECT snapshot_date, sku_id, sum(on_hand) AS on_hand
  FROM silver.inventory
  WHERE trunc(_dt, 'MM') IN ({{build_months}}) AND _dt >= array_min(array({{build_months}}))
  GROUP BY snapshot_date, sku_id
),
monthly_stock AS (
  SELECT trunc(snapshot_date, 'MM') AS month, sku_id,
         avg(on_hand) AS avg_on_hand,
         count_if(on_hand <= 0) AS stockout_days,
         count(*) AS snapshot_days,
         max(snapshot_date) AS last_snapshot
  FROM stock GROUP BY 1, 2
),
sold AS (
  SELECT trunc(order_date, 'MM') AS month, sku_id,
         sum(CASE WHEN refund_amount < pay_amount THEN quantity ELSE 0 END) AS units_sold
  FROM gold.fact_order_lines
  WHERE is_paid AND order_date >= array_min(array({{build_months}}))
    AND trunc(order_date, 'MM') IN ({{build_months}})
  GROUP BY 1, 2
),
turnover AS (
  SELECT coalesce(s.month, d.month) AS month, coalesce(s.sku_id, d.sku_id) AS sku_id,
         coalesce(d.units_sold, 0) AS units_sold,
         s.avg_on_hand, coalesce(s.stockout_days, 0) AS stockout_days, s.snapshot_days,
         s.last_snapshot
  FROM monthly_stock s FULL OUTER JOIN sold d ON d.month = s.month AND d.sku_id = s.sku_id
)
SELECT month, sku_id, units_sold, avg_on_hand, stockout_days, snapshot_days,
       try_divide(units_sold, avg_on_hand) AS turnover,
       CASE
         WHEN avg_on_hand IS NULL OR avg_on_hand <= 0 THEN IF(units_sold > 0, 'A', 'C')
         WHEN units_sold / avg_on_hand > 3 THEN 'A'
         WHEN units_sold / avg_on_hand >= 1 THEN 'B'
         ELSE 'C'
       END AS abc_class,
       coalesce(last_snapshot = last_day(month), false) AS complete
FROM turnover
