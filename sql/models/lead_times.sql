-- Supplier lead times as delivered: each purchase order seen in the stock snapshots up to {{as_of}}
-- (on_order rising) whose next on_order change is the same units received (on_order falling by as
-- much), with the days between and the SKU's promised lead time. Orders that overlap another of
-- the same SKU and warehouse are left out: which delivery was which cannot be told.
-- Grain: one row per matched purchase order.
WITH steps AS (
  SELECT sku_id, warehouse_id, snapshot_date,
         on_order - lag(on_order) OVER (PARTITION BY sku_id, warehouse_id ORDER BY snapshot_date)
           AS change
  FROM silver.inventory
  WHERE snapshot_date BETWEEN {{first_day}} AND {{as_of}}
),
events AS (
  SELECT sku_id, warehouse_id, snapshot_date, change,
         lead(change) OVER (PARTITION BY sku_id, warehouse_id ORDER BY snapshot_date) AS next_change,
         lead(snapshot_date) OVER (PARTITION BY sku_id, warehouse_id ORDER BY snapshot_date) AS next_date
  FROM steps
  WHERE change <> 0
)
SELECT e.sku_id, e.warehouse_id, e.snapshot_date AS placed_date,
       datediff(e.next_date, e.snapshot_date) AS days, p.lead_time_days
FROM events e
JOIN gold.dim_product p ON p.sku_id = e.sku_id AND p.is_current
WHERE e.change > 0 AND e.next_change = -e.change AND p.lead_time_days > 0
