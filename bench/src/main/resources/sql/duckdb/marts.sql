-- The peer's gold for the night's build days ({{build_days}}; {{scan_days}} adds their neighbours,
-- for the logs' landing days): the order-line fact, then the four marts, each with the definitions
-- of sql/gold/<mart>.sql. Day marts replace their build days; RFM is rebuilt whole as of {{as_of}}.
CREATE OR REPLACE TEMP TABLE sessions AS
SELECT live_session_id, room_id, anchor_id, platform, theme, actual_start, actual_end,
       CAST(actual_start AS DATE) AS session_date
FROM silver_live_sessions
WHERE actual_start IS NOT NULL AND CAST(actual_start AS DATE) IN ({{build_days}});

CREATE OR REPLACE TEMP TABLE new_fact_order_lines AS
WITH lines AS (
  SELECT * FROM silver_orders WHERE order_date IN ({{build_days}})
),
priced AS (
  SELECT l.order_id, l.line_no, max(p.valid_from) AS valid_from
  FROM lines l JOIN silver_products p ON p.sku_id = l.sku_id AND p.valid_from <= l.created_at
  GROUP BY ALL
),
first_version AS (
  SELECT sku_id, min(valid_from) AS valid_from FROM silver_products GROUP BY sku_id
)
SELECT l.order_id, l.line_no, l.order_date, l.paid_date, l.user_id, l.sku_id, l.sku_known,
       l.quantity, l.pay_amount, l.refund_amount, l.pay_amount - l.refund_amount AS net_amount,
       l.paid_at IS NOT NULL AS is_paid, l.live_session_id,
       CASE WHEN s.actual_start IS NOT NULL THEN CAST(s.actual_start AS DATE) END AS session_date,
       p.category_l1, p.category_l2, p.unit_cost,
       CASE
         WHEN l.paid_at IS NULL OR p.unit_cost IS NULL THEN NULL
         WHEN l.refund_amount >= l.pay_amount THEN CAST(0 AS DECIMAL(18, 2))
         ELSE l.pay_amount - l.refund_amount - p.unit_cost * l.quantity
       END AS gross_profit
FROM lines l
LEFT JOIN priced v ON v.order_id = l.order_id AND v.line_no = l.line_no
LEFT JOIN first_version f ON f.sku_id = l.sku_id
LEFT JOIN silver_products p ON p.sku_id = l.sku_id AND p.valid_from = coalesce(v.valid_from, f.valid_from)
LEFT JOIN silver_live_sessions s ON s.live_session_id = l.live_session_id;
CREATE TABLE IF NOT EXISTS fact_order_lines AS FROM new_fact_order_lines LIMIT 0;
DELETE FROM fact_order_lines WHERE order_date IN ({{build_days}});
INSERT INTO fact_order_lines FROM new_fact_order_lines;

CREATE OR REPLACE TEMP TABLE visits AS
SELECT v.live_session_id, v.user_id, v.enter_at, v.leave_at, v.watch_seconds
FROM silver_viewing v JOIN sessions s ON s.live_session_id = v.live_session_id
WHERE v._dt IN ({{scan_days}});

CREATE OR REPLACE TEMP TABLE events AS
SELECT i.live_session_id, i.user_id, i.event_type
FROM silver_interactions i JOIN sessions s ON s.live_session_id = i.live_session_id
WHERE i._dt IN ({{scan_days}});

CREATE OR REPLACE TEMP TABLE session_lines AS
SELECT live_session_id, order_id, user_id, is_paid, pay_amount, refund_amount
FROM fact_order_lines
WHERE session_date IN ({{build_days}}) AND order_date IN ({{scan_days}});

CREATE OR REPLACE TEMP TABLE new_live_session_review AS
WITH viewers AS (
  SELECT live_session_id, user_id, sum(watch_seconds) AS watch_seconds FROM visits GROUP BY ALL
),
audience AS (
  SELECT live_session_id, count(*) AS uv, avg(watch_seconds) AS avg_watch_seconds,
         -- Spark's average of DECIMAL(2, 1) is a DECIMAL(6, 5): gold keeps five places.
         CAST(avg(CASE WHEN watch_seconds >= 300 THEN 1.0 ELSE 0.0 END) AS DECIMAL(6, 5)) AS retention_5m,
         CAST(avg(CASE WHEN watch_seconds >= 1800 THEN 1.0 ELSE 0.0 END) AS DECIMAL(6, 5)) AS retention_30m
  FROM viewers GROUP BY ALL
),
views AS (
  SELECT live_session_id, count(*) AS views FROM visits GROUP BY ALL
),
present AS (
  SELECT live_session_id, minute, count(DISTINCT user_id) AS viewers
  FROM (
    SELECT live_session_id, user_id,
           unnest(range(CAST(floor(epoch(enter_at) / 60) AS BIGINT),
                        CAST(floor(epoch(leave_at) / 60) AS BIGINT) + 1)) AS minute
    FROM visits
  )
  GROUP BY ALL
),
peak AS (
  SELECT live_session_id, max(viewers) AS pcu FROM present GROUP BY ALL
),
interacting AS (
  SELECT live_session_id, count(DISTINCT user_id) AS interacting_viewers FROM events GROUP BY ALL
),
sales AS (
  SELECT live_session_id, sum(pay_amount) AS gmv, sum(refund_amount) AS refund_amount,
         count(DISTINCT order_id) AS paid_orders,
         count(DISTINCT CASE WHEN refund_amount > 0 THEN order_id END) AS refunded_orders,
         count(DISTINCT user_id) AS buyers
  FROM session_lines WHERE is_paid GROUP BY ALL
),
spend AS (
  SELECT a.live_session_id, sum(a.spend) AS ad_spend
  FROM silver_ad_spend a JOIN sessions s ON a.live_session_id = s.live_session_id
  GROUP BY ALL
)
SELECT s.live_session_id, s.session_date, s.room_id, s.anchor_id, s.platform, s.theme,
       s.actual_start, s.actual_end,
       coalesce(a.uv, 0) AS uv, coalesce(p.pcu, 0) AS pcu, coalesce(v.views, 0) AS views,
       a.avg_watch_seconds, a.retention_5m, a.retention_30m,
       coalesce(i.interacting_viewers, 0) / nullif(a.uv, 0) AS interaction_rate,
       coalesce(x.gmv, 0) AS gmv,
       coalesce(x.gmv, 0) - coalesce(x.refund_amount, 0) AS net_gmv,
       coalesce(x.paid_orders, 0) AS paid_orders,
       coalesce(x.buyers, 0) AS buyers,
       coalesce(x.buyers, 0) / nullif(a.uv, 0) AS conversion_rate,
       x.gmv / nullif(a.uv, 0) AS uv_value,
       x.gmv * 1000 / nullif(v.views, 0) AS gpm,
       x.gmv / nullif(x.paid_orders, 0) AS aov,
       x.gmv / nullif(x.buyers, 0) AS gmv_per_buyer,
       sp.ad_spend,
       x.gmv / nullif(sp.ad_spend, 0) AS roi,
       x.refund_amount / nullif(x.gmv, 0) AS refund_rate,
       x.refunded_orders / nullif(x.paid_orders, 0) AS refund_order_rate
FROM sessions s
LEFT JOIN audience a ON a.live_session_id = s.live_session_id
LEFT JOIN views v ON v.live_session_id = s.live_session_id
LEFT JOIN peak p ON p.live_session_id = s.live_session_id
LEFT JOIN interacting i ON i.live_session_id = s.live_session_id
LEFT JOIN sales x ON x.live_session_id = s.live_session_id
LEFT JOIN spend sp ON sp.live_session_id = s.live_session_id;
CREATE TABLE IF NOT EXISTS live_session_review AS FROM new_live_session_review LIMIT 0;
DELETE FROM live_session_review WHERE session_date IN ({{build_days}});
INSERT INTO live_session_review FROM new_live_session_review;

CREATE OR REPLACE TEMP TABLE new_session_funnel AS
WITH impressions AS (
  SELECT live_session_id, sum(impressions) AS impressions FROM silver_ad_spend GROUP BY ALL
),
enters AS (
  SELECT live_session_id, count(DISTINCT user_id) AS enters FROM visits GROUP BY ALL
),
clicks AS (
  SELECT live_session_id, user_id,
         bool_or(event_type = 'product_click') AS clicked,
         bool_or(event_type = 'add_to_cart') AS carted
  FROM events WHERE event_type IN ('product_click', 'add_to_cart')
  GROUP BY ALL
),
buyers AS (
  SELECT live_session_id, user_id, bool_or(is_paid) AS paid FROM session_lines GROUP BY ALL
),
steps AS (
  SELECT coalesce(e.live_session_id, b.live_session_id) AS live_session_id,
         count_if(e.clicked) AS clickers,
         count_if(e.carted) AS carters,
         count(b.user_id) AS orderers,
         count_if(b.paid) AS payers,
         count_if(e.carted AND NOT coalesce(b.paid, false)) AS carters_not_paid
  FROM clicks e
  FULL OUTER JOIN buyers b ON b.live_session_id = e.live_session_id AND b.user_id = e.user_id
  GROUP BY 1
)
SELECT s.live_session_id, s.session_date, s.anchor_id, s.room_id,
       i.impressions,
       coalesce(n.enters, 0) AS enters,
       coalesce(t.clickers, 0) AS clickers,
       coalesce(t.carters, 0) AS carters,
       coalesce(t.orderers, 0) AS orderers,
       coalesce(t.payers, 0) AS payers,
       n.enters / nullif(i.impressions, 0) AS enter_rate,
       t.clickers / nullif(n.enters, 0) AS click_rate,
       t.carters / nullif(t.clickers, 0) AS cart_rate,
       t.orderers / nullif(t.carters, 0) AS order_rate,
       t.payers / nullif(t.orderers, 0) AS pay_rate,
       t.carters_not_paid / nullif(t.carters, 0) AS cart_to_pay_loss
FROM sessions s
LEFT JOIN impressions i ON i.live_session_id = s.live_session_id
LEFT JOIN enters n ON n.live_session_id = s.live_session_id
LEFT JOIN steps t ON t.live_session_id = s.live_session_id;
CREATE TABLE IF NOT EXISTS session_funnel AS FROM new_session_funnel LIMIT 0;
DELETE FROM session_funnel WHERE session_date IN ({{build_days}});
INSERT INTO session_funnel FROM new_session_funnel;

CREATE OR REPLACE TEMP TABLE new_product_daily AS
WITH sales AS (
  SELECT order_date, sku_id,
         max(category_l1) AS category_l1,
         max(category_l2) AS category_l2,
         bool_and(sku_known) AS sku_known,
         count(DISTINCT order_id) AS orders,
         count(DISTINCT CASE WHEN is_paid THEN order_id END) AS paid_orders,
         count(DISTINCT CASE WHEN is_paid THEN user_id END) AS buyers,
         sum(CASE WHEN is_paid THEN quantity ELSE 0 END) AS units,
         sum(CASE WHEN is_paid THEN pay_amount ELSE 0 END) AS gmv,
         sum(CASE WHEN is_paid THEN refund_amount ELSE 0 END) AS refund_amount,
         sum(gross_profit) AS gross_profit,
         count(DISTINCT live_session_id) AS live_sessions
  FROM new_fact_order_lines
  GROUP BY ALL
),
attention AS (
  SELECT CAST(event_at AS DATE) AS order_date, sku_id,
         count(DISTINCT CASE WHEN event_type = 'product_click' THEN user_id END) AS clickers,
         count(DISTINCT CASE WHEN event_type = 'add_to_cart' THEN user_id END) AS carters
  FROM silver_interactions
  WHERE _dt IN ({{scan_days}}) AND CAST(event_at AS DATE) IN ({{build_days}})
    AND event_type IN ('product_click', 'add_to_cart') AND sku_id IS NOT NULL
  GROUP BY ALL
)
SELECT s.order_date, s.sku_id, s.category_l1, s.category_l2, s.sku_known,
       s.orders, s.paid_orders, s.buyers, s.units, s.gmv, s.gmv - s.refund_amount AS net_gmv,
       s.refund_amount, s.gross_profit, s.live_sessions,
       coalesce(a.clickers, 0) AS clickers,
       coalesce(a.carters, 0) AS carters,
       s.buyers / nullif(a.clickers, 0) AS click_to_pay,
       dense_rank() OVER (PARTITION BY s.order_date ORDER BY s.gmv DESC) AS gmv_rank,
       dense_rank() OVER (PARTITION BY s.order_date ORDER BY s.units DESC) AS units_rank
FROM sales s
LEFT JOIN attention a ON a.order_date = s.order_date AND a.sku_id = s.sku_id;
CREATE TABLE IF NOT EXISTS product_daily AS FROM new_product_daily LIMIT 0;
DELETE FROM product_daily WHERE order_date IN ({{build_days}});
INSERT INTO product_daily FROM new_product_daily;

CREATE OR REPLACE TABLE rfm AS
WITH paid AS (
  SELECT user_id,
         date_diff('day', max(paid_date), {{as_of}}) AS recency_days,
         count(DISTINCT order_id) AS frequency,
         sum(pay_amount - refund_amount) AS monetary
  FROM silver_orders
  WHERE paid_at IS NOT NULL AND paid_date <= {{as_of}}
    AND paid_date > {{as_of}} - INTERVAL {{rfm_window_days}} DAY
  GROUP BY user_id
),
scored AS (
  SELECT *,
         least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY recency_days DESC))) AS r_score,
         least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY frequency))) AS f_score,
         least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY monetary))) AS m_score
  FROM paid
)
SELECT {{as_of}} AS as_of_date, user_id, recency_days, frequency, monetary,
       CAST(r_score AS INTEGER) AS r_score, CAST(f_score AS INTEGER) AS f_score,
       CAST(m_score AS INTEGER) AS m_score,
       CAST({{weight_r}} * r_score + {{weight_f}} * f_score + {{weight_m}} * m_score AS DOUBLE) AS rfm_score,
       CASE concat(IF(r_score >= 3, 'H', 'L'), IF(f_score >= 3, 'H', 'L'), IF(m_score >= 3, 'H', 'L'))
         WHEN 'HHH' THEN 'important_value' WHEN 'HLH' THEN 'important_develop'
         WHEN 'LHH' THEN 'important_keep' WHEN 'LLH' THEN 'important_retain'
         WHEN 'HHL' THEN 'general_value' WHEN 'HLL' THEN 'general_develop'
         WHEN 'LHL' THEN 'general_keep' ELSE 'general_retain'
       END AS segment
FROM scored;
