-- gold.dim_user: every known user: the member master, plus buyers seen only in orders (kept, with
-- in_member_master = false, so no order loses its customer). Phone numbers are only ever a keyed
-- hash. Rebuilt whole every night.
WITH buyers AS (
  SELECT DISTINCT user_id FROM silver.orders WHERE user_id IS NOT NULL
)
SELECT coalesce(u.user_id, b.user_id) AS user_id,
       u.registered_at,
       to_date(u.registered_at) AS registered_date,
       u.member_tier,
       u.province,
       u.phone_hash,
       u.user_id IS NOT NULL AS in_member_master
FROM silver.users u
FULL OUTER JOIN buyers b ON b.user_id = u.user_id
