-- gold.alerts: the night's alerts (docs/contract.md), one row per alert; thresholds are the keys of
-- livecart.gold.parameters, all configurable. As of the night (alert_date).
--   low_conversion     a session of the night converted below {{min_conversion_rate}} of its UV
--   traffic_drop       a session's UV fell by {{traffic_drop}} or more against the same room's previous
--                      aired session
--   high_refund        a session's refund rate (refund_amount / GMV) above {{max_refund_rate}}
--   low_stock          a SKU in a warehouse has fewer than {{min_on_hand}} units on hand
--   stockout_risk      at the last 28 days' sales rate, a SKU's stock on hand (all warehouses) runs out
--                      within its lead time plus {{stockout_warning_hours}}
--   sku_low_repurchase a SKU's repurchase rate stayed below {{min_sku_repurchase_rate}} for each of the
--                      last {{sku_repurchase_months}} complete months (at least
--                      {{sku_repurchase_min_customers}} customers a month): a candidate to drop
--   churn_risk         a high-value customer (RFM monetary score >= {{churn_min_m_score}}) shows at least
--                      {{churn_min_signals}} of: no visit for {{churn_inactive_days}} days, spend in the last
--                      30 days down by {{churn_spend_drop}} or more against the 30 before, interactions
--                      stopped (some in the {{churn_inactive_days}} days before, none since). No visit
--                      counts only when the viewing feed recorded a visit in those days: without one (a
--                      shop without live-room data, a purchase log) it says nothing of the customer
-- Grain: (alert_date, alert_type, subject_id). Rebuilt for the night.
WITH tonight AS (
  SELECT * FROM gold.live_session_review WHERE session_date = {{as_of}}
),
previous AS (
  SELECT t.live_session_id, t.room_id, t.uv,
         max_by(p.uv, p.actual_start) AS previous_uv,
         max_by(p.live_session_id, p.actual_start) AS previous_session
  FROM tonight t
  JOIN gold.live_session_review p
    ON p.room_id = t.room_id AND p.actual_start < t.actual_start
   AND p.session_date >= date_sub({{as_of}}, 60)
  GROUP BY t.live_session_id, t.room_id, t.uv
),
session_alerts AS (
  SELECT 'low_conversion' AS alert_type, 'live_session' AS subject_type, live_session_id AS subject_id,
         conversion_rate AS value, CAST({{min_conversion_rate}} AS DOUBLE) AS threshold,
         concat('转化率 ', format_number(conversion_rate * 100, 1), '% 低于 ', format_number({{min_conversion_rate}} * 100, 1), '%') AS message
  FROM tonight WHERE uv > 0 AND conversion_rate < {{min_conversion_rate}}
  UNION ALL
  SELECT 'high_refund', 'live_session', live_session_id, refund_rate, CAST({{max_refund_rate}} AS DOUBLE),
         concat('退款率 ', format_number(refund_rate * 100, 1), '% 高于 ', format_number({{max_refund_rate}} * 100, 1), '%')
  FROM tonight WHERE refund_rate > {{max_refund_rate}}
  UNION ALL
  SELECT 'traffic_drop', 'live_session', live_session_id, 1 - uv / previous_uv, CAST({{traffic_drop}} AS DOUBLE),
         concat('观看人数 ', uv, ' 比上一场 (', previous_session, ') 的 ', previous_uv, ' 下降 ', format_number((1 - uv / previous_uv) * 100, 1), '%')
  FROM previous WHERE previous_uv > 0 AND 1 - uv / previous_uv >= {{traffic_drop}}
),
stock AS (
  SELECT sku_id, warehouse_id, on_hand FROM silver.inventory WHERE _dt = {{as_of}}
),
sales_rate AS (
  SELECT sku_id, sum(CASE WHEN refund_amount < pay_amount THEN quantity ELSE 0 END) / 28.0 AS daily_units
  FROM gold.fact_order_lines
  WHERE is_paid AND order_date > date_sub({{as_of}}, 28) AND order_date <= {{as_of}}
  GROUP BY sku_id
),
cover AS (
  SELECT s.sku_id, sum(s.on_hand) AS on_hand, max(r.daily_units) AS daily_units,
         max(p.lead_time_days) AS lead_time_days
  FROM stock s
  LEFT JOIN sales_rate r ON r.sku_id = s.sku_id
  LEFT JOIN gold.dim_product p ON p.sku_id = s.sku_id AND p.is_current
  GROUP BY s.sku_id
),
stock_alerts AS (
  SELECT 'low_stock' AS alert_type, 'sku_warehouse' AS subject_type, concat(sku_id, '@', warehouse_id) AS subject_id,
         CAST(on_hand AS DOUBLE) AS value, CAST({{min_on_hand}} AS DOUBLE) AS threshold,
         concat('库存 ', on_hand, ' 件, 低于 ', {{min_on_hand}}, ' 件') AS message
  FROM stock WHERE on_hand < {{min_on_hand}}
  UNION ALL
  SELECT 'stockout_risk', 'sku', sku_id, on_hand / daily_units,
         CAST(lead_time_days + {{stockout_warning_hours}} / 24.0 AS DOUBLE),
         concat('按近28天日均 ', format_number(daily_units, 1), ' 件, 库存 ', on_hand, ' 件约 ',
                format_number(on_hand / daily_units, 1), ' 天售罄, 补货周期 ', lead_time_days, ' 天')
  FROM cover
  WHERE daily_units > 0 AND lead_time_days IS NOT NULL
    AND on_hand / daily_units < lead_time_days + {{stockout_warning_hours}} / 24.0
),
repurchase_alerts AS (
  SELECT 'sku_low_repurchase' AS alert_type, 'sku' AS subject_type, sku_id AS subject_id,
         max(repurchase_rate) AS value, CAST({{min_sku_repurchase_rate}} AS DOUBLE) AS threshold,
         concat('连续 ', {{sku_repurchase_months}}, ' 个月复购率低于 ', format_number({{min_sku_repurchase_rate}} * 100, 1), '%, 建议淘汰') AS message
  FROM gold.repurchase_monthly
  WHERE scope = 'sku'
    AND month >= add_months(trunc({{as_of}}, 'MM'), -CAST({{sku_repurchase_months}} AS INT))
    AND month < trunc({{as_of}}, 'MM')
    AND customers >= {{sku_repurchase_min_customers}}
  GROUP BY sku_id
  HAVING count(*) = {{sku_repurchase_months}} AND max(repurchase_rate) < {{min_sku_repurchase_rate}}
),
valuable AS (
  SELECT user_id FROM gold.rfm WHERE m_score >= {{churn_min_m_score}}
),
visits AS (
  SELECT user_id, max(enter_date) AS last_visit
  FROM gold.fact_viewing
  WHERE session_date > date_sub({{as_of}}, 90) AND session_date <= {{as_of}}
  GROUP BY user_id
),
spend AS (
  SELECT user_id,
         sum(CASE WHEN paid_date > date_sub({{as_of}}, 30) THEN net_amount ELSE 0 END) AS recent,
         sum(CASE WHEN paid_date <= date_sub({{as_of}}, 30) THEN net_amount ELSE 0 END) AS before
  FROM gold.fact_order_lines
  WHERE is_paid AND order_date > date_sub({{as_of}}, 61) AND paid_date > date_sub({{as_of}}, 60)
    AND paid_date <= {{as_of}}
  GROUP BY user_id
),
talk AS (
  SELECT user_id,
         count_if(session_date > date_sub({{as_of}}, {{churn_inactive_days}})) AS recent,
         count_if(session_date <= date_sub({{as_of}}, {{churn_inactive_days}})) AS before
  FROM gold.fact_interactions
  WHERE session_date > date_sub({{as_of}}, 2 * {{churn_inactive_days}}) AND session_date <= {{as_of}}
  GROUP BY user_id
),
signals AS (
  SELECT v.user_id,
         coalesce(datediff({{as_of}}, x.last_visit) >= {{churn_inactive_days}}, true)
           AND coalesce((SELECT datediff({{as_of}}, max(last_visit)) FROM visits) < {{churn_inactive_days}}, false)
           AS no_visit,
         coalesce(s.before > 0 AND s.recent <= (1 - {{churn_spend_drop}}) * s.before, false) AS spend_down,
         coalesce(t.before > 0 AND t.recent = 0, false) AS talk_stopped
  FROM valuable v
  LEFT JOIN visits x ON x.user_id = v.user_id
  LEFT JOIN spend s ON s.user_id = v.user_id
  LEFT JOIN talk t ON t.user_id = v.user_id
),
churn_alerts AS (
  SELECT 'churn_risk' AS alert_type, 'user' AS subject_type, user_id AS subject_id,
         CAST(CAST(no_visit AS INT) + CAST(spend_down AS INT) + CAST(talk_stopped AS INT) AS DOUBLE) AS value,
         CAST({{churn_min_signals}} AS DOUBLE) AS threshold,
         concat_ws(', ', IF(no_visit, concat({{churn_inactive_days}}, '天未进直播间'), NULL),
                   IF(spend_down, '消费下降', NULL), IF(talk_stopped, '互动停止', NULL)) AS message
  FROM signals
  WHERE CAST(no_visit AS INT) + CAST(spend_down AS INT) + CAST(talk_stopped AS INT) >= {{churn_min_signals}}
),
everything AS (
  SELECT * FROM session_alerts
  UNION ALL SELECT * FROM stock_alerts
  UNION ALL SELECT * FROM repurchase_alerts
  UNION ALL SELECT * FROM churn_alerts
)
SELECT CAST({{as_of}} AS DATE) AS alert_date, alert_type,
       CASE
         WHEN alert_type IN ('stockout_risk', 'high_refund') THEN 'high'
         WHEN alert_type = 'churn_risk' AND value >= 3 THEN 'high'
         WHEN alert_type = 'sku_low_repurchase' THEN 'low'
         ELSE 'medium'
       END AS severity,
       subject_type, subject_id, CAST(value AS DOUBLE) AS value, threshold, message
FROM everything
