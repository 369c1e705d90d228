-- gold.basket_rules: association rules between SKUs bought together (MLlib FPGrowth), as of the
-- night. A basket is what one customer paid for on one day (live-room buyers often place one order
-- per item), over the {{basket_window_days}} days up to as_of_date. This query yields the baskets;
-- FPGrowth (minimum support {{basket_min_support}}, minimum confidence {{basket_min_confidence}}) turns
-- them into rules:
--   support      share of baskets holding antecedent and consequent together
--   confidence   share of baskets holding the antecedent that also hold the consequent
--   lift         confidence / share of baskets holding the consequent (> 1: bought together more
--                often than by chance)
-- A basket of more than {{basket_max_items}} SKUs (a wholesale order) is left out, of the support's
-- denominator too: it says nothing about what a shopper buys together, and FPGrowth's tree is as
-- deep as the longest basket (MLlib serialises it recursively: a few hundred frequent SKUs in one
-- basket overflow a task thread's stack).
-- Grain: (antecedent, consequent). Rebuilt whole every night.
SELECT user_id, paid_date, collect_set(sku_id) AS items
FROM gold.fact_order_lines
WHERE is_paid AND sku_id IS NOT NULL
  AND order_date > date_sub({{as_of}}, {{basket_window_days}} + 1) AND order_date <= {{as_of}}
  AND paid_date > date_sub({{as_of}}, {{basket_window_days}}) AND paid_date <= {{as_of}}
GROUP BY user_id, paid_date
HAVING size(collect_set(sku_id)) <= {{basket_max_items}}
