-- gold.basket_rules: association rules between two SKUs bought together, as of the night. A basket
-- is what one customer paid for on one day (live-room buyers often place one order per item), over
-- the {{basket_window_days}} days up to as_of_date. A rule antecedent -> consequent is kept when
--   support      share of baskets holding antecedent and consequent together >= {{basket_min_support}}
--   confidence   share of baskets holding the antecedent that also hold the consequent
--                >= {{basket_min_confidence}}
--   lift         confidence / share of baskets holding the consequent (> 1: bought together more
--                often than by chance)
-- These are FPGrowth's rules with one SKU on each side, counted directly: a basket of k SKUs makes
-- k(k-1) pairs. Itemset mining (MLlib FPGrowth) enumerates every frequent subset instead, and on
-- dense baskets that never ends (M5's store-days of 28 items, each sold most days, at this minimum
-- support: 2^28 itemsets).
-- A basket of more than {{basket_max_items}} SKUs (a wholesale order) is left out, of the support's
-- denominator too: it says nothing about what a shopper buys together.
-- Grain: (antecedent, consequent). Rebuilt whole every night.
WITH baskets AS (
  SELECT user_id, paid_date
  FROM gold.fact_order_lines
  WHERE is_paid AND sku_id IS NOT NULL
    AND order_date > date_sub({{as_of}}, {{basket_window_days}} + 1) AND order_date <= {{as_of}}
    AND paid_date > date_sub({{as_of}}, {{basket_window_days}}) AND paid_date <= {{as_of}}
  GROUP BY user_id, paid_date
  HAVING count(DISTINCT sku_id) <= {{basket_max_items}}
),
items AS (
  SELECT DISTINCT f.user_id, f.paid_date, f.sku_id
  FROM gold.fact_order_lines f
  JOIN baskets b ON b.user_id = f.user_id AND b.paid_date = f.paid_date
  WHERE f.is_paid AND f.sku_id IS NOT NULL
    AND f.order_date > date_sub({{as_of}}, {{basket_window_days}} + 1) AND f.order_date <= {{as_of}}
),
total AS (
  SELECT count(*) AS baskets FROM baskets
),
singles AS (
  SELECT sku_id, count(*) AS baskets FROM items GROUP BY sku_id
),
pairs AS (
  SELECT a.sku_id AS antecedent, c.sku_id AS consequent, count(*) AS baskets
  FROM items a
  JOIN items c ON c.user_id = a.user_id AND c.paid_date = a.paid_date AND c.sku_id <> a.sku_id
  GROUP BY a.sku_id, c.sku_id
)
SELECT CAST({{as_of}} AS DATE) AS as_of_date,
       array(p.antecedent) AS antecedent,
       array(p.consequent) AS consequent,
       p.baskets / t.baskets AS support,
       p.baskets / a.baskets AS confidence,
       (p.baskets / a.baskets) / (c.baskets / t.baskets) AS lift
FROM pairs p
CROSS JOIN total t
JOIN singles a ON a.sku_id = p.antecedent
JOIN singles c ON c.sku_id = p.consequent
WHERE p.baskets / t.baskets >= {{basket_min_support}}
  AND p.baskets / a.baskets >= {{basket_min_confidence}}
