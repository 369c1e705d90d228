-- gold.dim_product: the SKU master with its history (SCD type 2): one row per SKU version, valid
-- from valid_from until valid_to (null: still current). Join an order line to the version valid
-- when it was created (fact_order_lines does). Rebuilt whole every night.
SELECT sku_id, spu_id, name, category_l1, category_l2, brand, list_price, unit_cost,
       list_price - unit_cost AS unit_margin,
       try_divide(list_price - unit_cost, list_price) AS margin_rate,
       supplier_id, lead_time_days, case_pack, moq, valid_from, valid_to, is_current
FROM silver.products
