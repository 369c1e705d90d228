-- ml.repurchase_features: per as-of date and buyer, what was visible that day, and whether
-- the user paid an order in the {{horizon_days}} days after it (the label; complete only when those
-- days have passed). Point in time: orders count from the day they were paid, refunds from the day
-- they happened (the refunded line's updated_at), visits and interactions from their day; nothing
-- after the as-of date reaches a feature.
--   active         a paid order or a live-room visit in the {{active_days}} days up to the as-of
--                  date; buyers known only from orders (no member record, no visits) are active
--                  like any other. Every buyer up to the as-of date is returned, as BG/NBD and
--                  Gamma-Gamma are fitted on them all (selecting on recency biases the dropout
--                  rate); only the active ones are scored and trained on.
--   Member tiers are not features: gold.dim_user holds each user's latest record only, so a tier
--   earned after the as-of date would reach back.
--   *_7d/30d/90d/365d  windows ending on the as-of date
--   interactions_recent / _earlier  live-room events in the {{churn_inactive_days}} days up to the
--                  as-of date / in the {{churn_inactive_days}} before (the churn signal "interactions
--                  stopped", gold.parameters.churn_inactive_days)
--   x, tx, age     the BTYD history in days: repeat purchase days, first to last purchase day,
--                  first purchase day to the as-of date; mean_repeat_value: mean gross value of the
--                  repeat purchase days (same-day orders merged)
-- Grain: (as_of_date, user_id).
WITH as_ofs AS (
  SELECT explode(array({{as_ofs}})) AS as_of
),
orders AS (
  SELECT a.as_of, o.user_id, o.order_id, min(o.paid_date) AS paid_date,
         CAST(sum(o.pay_amount) AS DOUBLE) AS amount,
         CAST(sum(IF(o.refund_amount > 0 AND to_date(o.updated_at) <= a.as_of, o.refund_amount, 0))
              AS DOUBLE) AS refunded,
         max(o.used_coupon) AS used_coupon,
         max(o.traffic_source) AS traffic_source,
         collect_set(o.category_l1) AS categories
  FROM gold.fact_order_lines o
  JOIN as_ofs a ON o.paid_date <= a.as_of
  WHERE o.is_paid AND o.user_id IS NOT NULL
  GROUP BY a.as_of, o.user_id, o.order_id
),
buyers AS (
  SELECT as_of, user_id,
         datediff(as_of, max(paid_date)) AS recency_days,
         count_if(paid_date > date_sub(as_of, 7)) AS frequency_7d,
         count_if(paid_date > date_sub(as_of, 30)) AS frequency_30d,
         count_if(paid_date > date_sub(as_of, 90)) AS frequency_90d,
         count_if(paid_date > date_sub(as_of, 365)) AS frequency_365d,
         sum(IF(paid_date > date_sub(as_of, 7), amount - refunded, 0)) AS monetary_7d,
         sum(IF(paid_date > date_sub(as_of, 30), amount - refunded, 0)) AS monetary_30d,
         sum(IF(paid_date > date_sub(as_of, 60) AND paid_date <= date_sub(as_of, 30),
                amount - refunded, 0)) AS monetary_prev_30d,
         sum(IF(paid_date > date_sub(as_of, 90), amount - refunded, 0)) AS monetary_90d,
         sum(IF(paid_date > date_sub(as_of, 365), amount - refunded, 0)) AS monetary_365d,
         avg(amount) AS aov,
         coalesce(try_divide(avg(IF(paid_date > date_sub(as_of, 90), amount, NULL)), avg(amount)), 0)
           AS aov_trend,
         coalesce(try_divide(sum(refunded), sum(amount)), 0) AS refund_rate,
         size(array_distinct(flatten(collect_list(
           IF(paid_date > date_sub(as_of, 365), categories, array()))))) AS category_breadth_365d,
         avg(IF(used_coupon, 1D, 0D)) AS coupon_share,
         avg(IF(traffic_source = 'paid_ads', 1D, 0D)) AS share_paid_ads,
         avg(IF(traffic_source = 'short_video', 1D, 0D)) AS share_short_video,
         avg(IF(traffic_source = 'private_domain', 1D, 0D)) AS share_private_domain,
         avg(IF(traffic_source = 'natural', 1D, 0D)) AS share_natural
  FROM orders
  GROUP BY as_of, user_id
),
purchase_days AS (
  SELECT as_of, user_id, paid_date, sum(amount) AS value
  FROM orders
  GROUP BY as_of, user_id, paid_date
),
btyd AS (
  SELECT as_of, user_id,
         CAST(count(*) - 1 AS INT) AS x,
         CAST(datediff(max(paid_date), min(paid_date)) AS DOUBLE) AS tx,
         CAST(datediff(as_of, min(paid_date)) AS DOUBLE) AS age,
         IF(count(*) > 1, (sum(value) - min_by(value, paid_date)) / (count(*) - 1), NULL)
           AS mean_repeat_value
  FROM purchase_days
  GROUP BY as_of, user_id
),
visit_days AS (
  SELECT user_id, enter_date AS day, sum(watch_seconds) AS watch_seconds
  FROM gold.fact_viewing
  WHERE session_date >= date_sub({{first_as_of}}, {{active_days}} + 1) AND session_date <= {{last_as_of}}
  GROUP BY user_id, enter_date
),
visits AS (
  SELECT a.as_of, v.user_id,
         datediff(a.as_of, max(v.day)) AS days_since_visit,
         sum(IF(v.day > date_sub(a.as_of, 7), v.watch_seconds, 0)) / 60.0 AS watch_minutes_7d,
         sum(IF(v.day > date_sub(a.as_of, 30), v.watch_seconds, 0)) / 60.0 AS watch_minutes_30d,
         count_if(v.day > date_sub(a.as_of, 30)) AS visit_days_30d
  FROM visit_days v
  JOIN as_ofs a ON v.day <= a.as_of AND v.day > date_sub(a.as_of, {{active_days}})
  GROUP BY a.as_of, v.user_id
),
talk_days AS (
  SELECT user_id, to_date(event_at) AS day, count(*) AS events,
         count_if(event_type = 'follow') AS follows
  FROM gold.fact_interactions
  WHERE session_date >= date_sub({{first_as_of}}, greatest(91, 2 * {{churn_inactive_days}} + 1)) AND session_date <= {{last_as_of}}
  GROUP BY user_id, to_date(event_at)
),
talk AS (
  SELECT a.as_of, t.user_id,
         sum(IF(t.day > date_sub(a.as_of, 7), t.events, 0)) AS interactions_7d,
         sum(IF(t.day > date_sub(a.as_of, {{churn_inactive_days}}), t.events, 0))
           AS interactions_recent,
         sum(IF(t.day <= date_sub(a.as_of, {{churn_inactive_days}})
                AND t.day > date_sub(a.as_of, 2 * {{churn_inactive_days}}), t.events, 0))
           AS interactions_earlier,
         sum(IF(t.day > date_sub(a.as_of, 30), t.events, 0)) AS interactions_30d,
         sum(t.follows) > 0 AS followed_90d
  FROM talk_days t
  JOIN as_ofs a ON t.day <= a.as_of
   AND t.day > date_sub(a.as_of, greatest(90, 2 * {{churn_inactive_days}}))
  GROUP BY a.as_of, t.user_id
),
label AS (
  SELECT a.as_of, o.user_id
  FROM gold.fact_order_lines o
  JOIN as_ofs a ON o.paid_date > a.as_of AND o.paid_date <= date_add(a.as_of, {{horizon_days}})
  WHERE o.is_paid AND o.user_id IS NOT NULL
  GROUP BY a.as_of, o.user_id
)
SELECT b.as_of AS as_of_date, b.user_id,
       CAST(b.recency_days AS DOUBLE) AS recency_days,
       CAST(y.age AS DOUBLE) AS tenure_days,
       CAST(b.frequency_7d AS DOUBLE) AS frequency_7d,
       CAST(b.frequency_30d AS DOUBLE) AS frequency_30d,
       CAST(b.frequency_90d AS DOUBLE) AS frequency_90d,
       CAST(b.frequency_365d AS DOUBLE) AS frequency_365d,
       b.monetary_7d, b.monetary_30d, b.monetary_prev_30d, b.monetary_90d, b.monetary_365d,
       b.aov, CAST(b.aov_trend AS DOUBLE) AS aov_trend, b.refund_rate,
       CAST(b.category_breadth_365d AS DOUBLE) AS category_breadth_365d,
       CAST(b.coupon_share AS DOUBLE) AS coupon_share,
       CAST(b.share_paid_ads AS DOUBLE) AS share_paid_ads,
       CAST(b.share_short_video AS DOUBLE) AS share_short_video,
       CAST(b.share_private_domain AS DOUBLE) AS share_private_domain,
       CAST(b.share_natural AS DOUBLE) AS share_natural,
       CAST(coalesce(v.days_since_visit, {{active_days}}) AS DOUBLE) AS days_since_visit,
       CAST(coalesce(v.watch_minutes_7d, 0) AS DOUBLE) AS watch_minutes_7d,
       CAST(coalesce(v.watch_minutes_30d, 0) AS DOUBLE) AS watch_minutes_30d,
       CAST(coalesce(v.visit_days_30d, 0) AS DOUBLE) AS visit_days_30d,
       CAST(coalesce(t.interactions_7d, 0) AS DOUBLE) AS interactions_7d,
       CAST(coalesce(t.interactions_recent, 0) AS DOUBLE) AS interactions_recent,
       CAST(coalesce(t.interactions_earlier, 0) AS DOUBLE) AS interactions_earlier,
       CAST(coalesce(t.interactions_30d, 0) AS DOUBLE) AS interactions_30d,
       IF(coalesce(t.followed_90d, false), 1D, 0D) AS followed_90d,
       y.x, y.tx, y.age, y.mean_repeat_value,
       l.user_id IS NOT NULL AS label,
       coalesce(b.recency_days <= {{active_days}} OR v.days_since_visit <= {{active_days}}, false)
         AS active
FROM buyers b
JOIN btyd y ON y.as_of = b.as_of AND y.user_id = b.user_id
LEFT JOIN visits v ON v.as_of = b.as_of AND v.user_id = b.user_id
LEFT JOIN talk t ON t.as_of = b.as_of AND t.user_id = b.user_id
LEFT JOIN label l ON l.as_of = b.as_of AND l.user_id = b.user_id
