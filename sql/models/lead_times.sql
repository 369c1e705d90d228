-- Supplier lead times as delivered: each purchase order placed from {{placed_from}} to {{as_of}},
-- seen in the stock snapshots as on_order rising, with the days until it was received, or, for
-- an order still open at {{as_of}}, the days it has waited (delivered = false: its lead time is at
-- least that), and the SKU's promised lead time. Receipts (on_order falling) settle orders first
-- in, first out: the units on order in the first snapshot first, then each order in the order it
-- was placed; an order is received on the snapshot by which as many units have been received as
-- had been placed up to and including it, so overlapping orders and deliveries in parts are
-- matched too. A cancelled order looks like a receipt.
-- Grain: one row per purchase order (a cell's rise in on_order on one snapshot).
WITH snapshots AS (
  SELECT sku_id, warehouse_id, snapshot_date, on_order,
         on_order - lag(on_order) OVER cell AS change,
         first_value(on_order) OVER cell AS opening
  FROM silver.inventory
  WHERE snapshot_date BETWEEN {{first_day}} AND {{as_of}} AND on_order IS NOT NULL
  WINDOW cell AS (PARTITION BY sku_id, warehouse_id ORDER BY snapshot_date)
),
cumulative AS (
  SELECT sku_id, warehouse_id, snapshot_date, change,
         opening + sum(greatest(coalesce(change, 0), 0)) OVER cell AS placed_to,
         sum(greatest(-coalesce(change, 0), 0)) OVER cell AS received_to
  FROM snapshots
  WINDOW cell AS (PARTITION BY sku_id, warehouse_id ORDER BY snapshot_date)
),
orders AS (
  SELECT sku_id, warehouse_id, snapshot_date AS placed_date, placed_to
  FROM cumulative
  WHERE change > 0 AND snapshot_date >= {{placed_from}}
),
matched AS (
  SELECT o.sku_id, o.warehouse_id, o.placed_date, min(r.snapshot_date) AS received_date
  FROM orders o
  LEFT JOIN cumulative r
    ON r.sku_id = o.sku_id AND r.warehouse_id = o.warehouse_id AND r.change < 0
   AND r.snapshot_date > o.placed_date AND r.received_to >= o.placed_to
  GROUP BY o.sku_id, o.warehouse_id, o.placed_date
)
SELECT m.sku_id, m.warehouse_id, m.placed_date,
       datediff(coalesce(m.received_date, {{as_of}}), m.placed_date) AS days,
       p.lead_time_days,
       m.received_date IS NOT NULL AS delivered
FROM matched m
JOIN gold.dim_product p ON p.sku_id = m.sku_id AND p.is_current
WHERE p.lead_time_days > 0 AND (m.received_date IS NOT NULL OR m.placed_date < {{as_of}})
