-- The peer's silver for the landing days in lines_<source> (one VARCHAR column per field, raw_*):
-- the same rules as ingest and silver (jobs/.../silver/SilverSpecs.java): a line repeated within
-- its day and a malformed line are quarantined, then the first broken expectation of a row
-- (missing key, unparseable value or timestamp, timestamp past the next day, negative amount,
-- absurd order, unknown status, leaving before entering) quarantines it with that reason. Orders,
-- live sessions and ad spend keep the newest version of a key; products keep every newer version;
-- viewing and interactions replace their landing days, one row per key and day (the last sent).
CREATE OR REPLACE TEMP TABLE typed_orders AS
SELECT _source_file, _dt, _line_no, _raw,
       raw_order_id AS order_id, TRY_CAST(raw_line_no AS INTEGER) AS line_no, raw_user_id AS user_id,
       raw_sku_id AS sku_id, TRY_CAST(raw_quantity AS INTEGER) AS quantity,
       money(raw_unit_price) AS unit_price, money(raw_discount_amount) AS discount_amount,
       money(raw_pay_amount) AS pay_amount, money(raw_refund_amount) AS refund_amount,
       raw_status AS status, ts(raw_created_at) AS created_at, ts(raw_paid_at) AS paid_at,
       ts(raw_updated_at) AS updated_at, raw_live_session_id AS live_session_id,
       raw_traffic_source AS traffic_source, raw_coupon_id AS coupon_id, raw_platform AS platform,
       raw_province AS province,
       CASE
         WHEN row_number() OVER (PARTITION BY _dt, _raw ORDER BY _source_file, _line_no) > 1 THEN 'duplicate'
         WHEN _malformed THEN 'malformed_line'
         WHEN raw_order_id IS NULL OR raw_line_no IS NULL THEN 'missing_key'
         WHEN raw_line_no IS NOT NULL AND line_no IS NULL THEN 'unparseable_value'
         WHEN raw_quantity IS NOT NULL AND quantity IS NULL THEN 'unparseable_value'
         WHEN raw_unit_price IS NOT NULL AND unit_price IS NULL THEN 'unparseable_value'
         WHEN raw_discount_amount IS NOT NULL AND discount_amount IS NULL THEN 'unparseable_value'
         WHEN raw_pay_amount IS NOT NULL AND pay_amount IS NULL THEN 'unparseable_value'
         WHEN raw_refund_amount IS NOT NULL AND refund_amount IS NULL THEN 'unparseable_value'
         WHEN raw_created_at IS NOT NULL AND created_at IS NULL THEN 'unparseable_timestamp'
         WHEN raw_paid_at IS NOT NULL AND paid_at IS NULL THEN 'unparseable_timestamp'
         WHEN raw_updated_at IS NOT NULL AND updated_at IS NULL THEN 'unparseable_timestamp'
         WHEN CAST(updated_at AS DATE) > _dt + 1 THEN 'future_timestamp'
         WHEN quantity < 0 OR unit_price < 0 OR discount_amount < 0 OR pay_amount < 0
           OR refund_amount < 0 THEN 'negative_amount'
         WHEN quantity > 10000 OR pay_amount > 1000000 THEN 'absurd_amount'
         WHEN status NOT IN ('created', 'paid', 'shipped', 'completed', 'cancelled', 'refunded') THEN 'invalid_status'
       END AS reason
FROM lines_orders;

CREATE OR REPLACE TEMP TABLE typed_live_sessions AS
SELECT _source_file, _dt, _line_no, _raw,
       raw_live_session_id AS live_session_id, raw_room_id AS room_id, raw_anchor_id AS anchor_id,
       raw_platform AS platform, raw_theme AS theme, ts(raw_scheduled_start) AS scheduled_start,
       ts(raw_scheduled_end) AS scheduled_end, ts(raw_actual_start) AS actual_start,
       ts(raw_actual_end) AS actual_end, ts(raw_updated_at) AS updated_at,
       CASE
         WHEN row_number() OVER (PARTITION BY _dt, _raw ORDER BY _source_file, _line_no) > 1 THEN 'duplicate'
         WHEN _malformed THEN 'malformed_line'
         WHEN raw_live_session_id IS NULL THEN 'missing_key'
         WHEN raw_scheduled_start IS NOT NULL AND scheduled_start IS NULL THEN 'unparseable_timestamp'
         WHEN raw_scheduled_end IS NOT NULL AND scheduled_end IS NULL THEN 'unparseable_timestamp'
         WHEN raw_actual_start IS NOT NULL AND actual_start IS NULL THEN 'unparseable_timestamp'
         WHEN raw_actual_end IS NOT NULL AND actual_end IS NULL THEN 'unparseable_timestamp'
         WHEN raw_updated_at IS NOT NULL AND updated_at IS NULL THEN 'unparseable_timestamp'
         WHEN CAST(updated_at AS DATE) > _dt + 1 THEN 'future_timestamp'
       END AS reason
FROM lines_live_sessions;

CREATE OR REPLACE TEMP TABLE typed_products AS
SELECT _source_file, _dt, _line_no, _raw,
       raw_sku_id AS sku_id, raw_category_l1 AS category_l1, raw_category_l2 AS category_l2,
       raw_brand AS brand, money(raw_list_price) AS list_price, money(raw_unit_cost) AS unit_cost,
       TRY_CAST(raw_lead_time_days AS INTEGER) AS lead_time_days,
       TRY_CAST(raw_case_pack AS INTEGER) AS case_pack, TRY_CAST(raw_moq AS INTEGER) AS moq,
       ts(raw_updated_at) AS updated_at,
       CASE
         WHEN row_number() OVER (PARTITION BY _dt, _raw ORDER BY _source_file, _line_no) > 1 THEN 'duplicate'
         WHEN _malformed THEN 'malformed_line'
         WHEN raw_sku_id IS NULL THEN 'missing_key'
         WHEN raw_list_price IS NOT NULL AND list_price IS NULL THEN 'unparseable_value'
         WHEN raw_unit_cost IS NOT NULL AND unit_cost IS NULL THEN 'unparseable_value'
         WHEN raw_lead_time_days IS NOT NULL AND lead_time_days IS NULL THEN 'unparseable_value'
         WHEN raw_case_pack IS NOT NULL AND case_pack IS NULL THEN 'unparseable_value'
         WHEN raw_moq IS NOT NULL AND moq IS NULL THEN 'unparseable_value'
         WHEN raw_updated_at IS NOT NULL AND updated_at IS NULL THEN 'unparseable_timestamp'
         WHEN CAST(updated_at AS DATE) > _dt + 1 THEN 'future_timestamp'
         WHEN list_price < 0 OR unit_cost < 0 OR lead_time_days < 0 OR case_pack < 0 OR moq < 0 THEN 'negative_amount'
       END AS reason
FROM lines_products;

CREATE OR REPLACE TEMP TABLE typed_ad_spend AS
SELECT _source_file, _dt, _line_no, _raw,
       TRY_CAST(raw_date AS DATE) AS date, raw_live_session_id AS live_session_id,
       raw_channel AS channel, money(raw_spend) AS spend,
       TRY_CAST(raw_impressions AS BIGINT) AS impressions, TRY_CAST(raw_clicks AS BIGINT) AS clicks,
       CASE
         WHEN row_number() OVER (PARTITION BY _dt, _raw ORDER BY _source_file, _line_no) > 1 THEN 'duplicate'
         WHEN _malformed THEN 'malformed_line'
         WHEN raw_date IS NULL OR raw_live_session_id IS NULL OR raw_channel IS NULL THEN 'missing_key'
         WHEN raw_date IS NOT NULL AND date IS NULL THEN 'unparseable_timestamp'
         WHEN raw_spend IS NOT NULL AND spend IS NULL THEN 'unparseable_value'
         WHEN raw_impressions IS NOT NULL AND impressions IS NULL THEN 'unparseable_value'
         WHEN raw_clicks IS NOT NULL AND clicks IS NULL THEN 'unparseable_value'
         WHEN spend < 0 OR impressions < 0 OR clicks < 0 THEN 'negative_amount'
       END AS reason
FROM lines_ad_spend;

CREATE OR REPLACE TEMP TABLE typed_viewing AS
WITH typed AS (
  SELECT _source_file, _dt, _line_no, _raw,
         raw_live_session_id AS live_session_id, raw_user_id AS user_id,
         ts(raw_enter_at) AS enter_at, ts(raw_leave_at) AS leave_at, raw_channel AS channel,
         CASE
           WHEN row_number() OVER (PARTITION BY _dt, _raw ORDER BY _source_file, _line_no) > 1 THEN 'duplicate'
           WHEN _malformed THEN 'malformed_line'
           WHEN raw_live_session_id IS NULL OR raw_user_id IS NULL OR raw_enter_at IS NULL THEN 'missing_key'
           WHEN raw_enter_at IS NOT NULL AND enter_at IS NULL THEN 'unparseable_timestamp'
           WHEN raw_leave_at IS NOT NULL AND leave_at IS NULL THEN 'unparseable_timestamp'
           WHEN CAST(enter_at AS DATE) > _dt + 1 THEN 'future_timestamp'
           WHEN leave_at < enter_at THEN 'leave_before_enter'
         END AS reason
  FROM lines_viewing
)
SELECT * REPLACE (coalesce(reason, CASE WHEN row_number() OVER (
         PARTITION BY _dt, live_session_id, user_id, enter_at, reason IS NULL
         ORDER BY _source_file DESC, _line_no DESC) > 1 THEN 'duplicate_key' END) AS reason)
FROM typed;

CREATE OR REPLACE TEMP TABLE typed_interactions AS
WITH typed AS (
  SELECT _source_file, _dt, _line_no, _raw,
         raw_event_id AS event_id, raw_live_session_id AS live_session_id, raw_user_id AS user_id,
         raw_event_type AS event_type, raw_sku_id AS sku_id, ts(raw_event_at) AS event_at,
         raw_text AS text,
         CASE
           WHEN row_number() OVER (PARTITION BY _dt, _raw ORDER BY _source_file, _line_no) > 1 THEN 'duplicate'
           WHEN _malformed THEN 'malformed_line'
           WHEN raw_event_id IS NULL THEN 'missing_key'
           WHEN raw_event_at IS NOT NULL AND event_at IS NULL THEN 'unparseable_timestamp'
           WHEN CAST(event_at AS DATE) > _dt + 1 THEN 'future_timestamp'
         END AS reason
  FROM lines_interactions
)
SELECT * REPLACE (coalesce(reason, CASE WHEN row_number() OVER (
         PARTITION BY _dt, event_id, reason IS NULL
         ORDER BY _source_file DESC, _line_no DESC) > 1 THEN 'duplicate_key' END) AS reason)
FROM typed;

DELETE FROM quarantine WHERE _dt IN ({{days}});
INSERT INTO quarantine
SELECT 'orders', _dt, reason, _source_file, _raw FROM typed_orders WHERE reason IS NOT NULL
UNION ALL SELECT 'live_sessions', _dt, reason, _source_file, _raw FROM typed_live_sessions WHERE reason IS NOT NULL
UNION ALL SELECT 'products', _dt, reason, _source_file, _raw FROM typed_products WHERE reason IS NOT NULL
UNION ALL SELECT 'ad_spend', _dt, reason, _source_file, _raw FROM typed_ad_spend WHERE reason IS NOT NULL
UNION ALL SELECT 'viewing', _dt, reason, _source_file, _raw FROM typed_viewing WHERE reason IS NOT NULL
UNION ALL SELECT 'interactions', _dt, reason, _source_file, _raw FROM typed_interactions WHERE reason IS NOT NULL;

-- Products first: orders are checked against the SKUs known. A version newer than the SKU's
-- latest opens a row (the newest of its landing day).
INSERT INTO silver_products
SELECT sku_id, category_l1, category_l2, brand, unit_cost, updated_at, _dt
FROM (
  SELECT *, max(updated_at) OVER (PARTITION BY sku_id ORDER BY _dt
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
  FROM (
    SELECT *, row_number() OVER (PARTITION BY sku_id, _dt
                                 ORDER BY updated_at DESC, _source_file DESC, _line_no DESC) AS newest
    FROM typed_products WHERE reason IS NULL
  )
  WHERE newest = 1
) n
WHERE (before IS NULL OR updated_at > before)
  AND updated_at > coalesce((SELECT max(p.valid_from) FROM silver_products p WHERE p.sku_id = n.sku_id),
                            TIMESTAMP '1900-01-01');

CREATE OR REPLACE TEMP TABLE batch_orders AS
SELECT o.order_id, o.line_no, o.user_id, o.sku_id, o.quantity, o.unit_price, o.discount_amount,
       o.pay_amount, o.refund_amount, o.status, o.created_at, o.paid_at, o.updated_at,
       o.live_session_id, o.traffic_source, o.coupon_id, o.platform, o.province, o._dt,
       CAST(o.created_at AS DATE) AS order_date, CAST(o.paid_at AS DATE) AS paid_date,
       o.sku_id IN (SELECT sku_id FROM silver_products) AS sku_known
FROM (
  SELECT *, row_number() OVER (PARTITION BY order_id, line_no
                               ORDER BY updated_at DESC, _dt DESC, _source_file DESC, _line_no DESC) AS newest
  FROM typed_orders WHERE reason IS NULL
) o
WHERE newest = 1;
DELETE FROM silver_orders s USING batch_orders b
WHERE s.order_id = b.order_id AND s.line_no = b.line_no AND b.updated_at > s.updated_at;
INSERT INTO silver_orders
SELECT b.* FROM batch_orders b
WHERE NOT EXISTS (SELECT 1 FROM silver_orders s WHERE s.order_id = b.order_id AND s.line_no = b.line_no);

CREATE OR REPLACE TEMP TABLE batch_live_sessions AS
SELECT live_session_id, room_id, anchor_id, platform, theme, scheduled_start, scheduled_end,
       actual_start, actual_end, updated_at, _dt
FROM (
  SELECT *, row_number() OVER (PARTITION BY live_session_id
                               ORDER BY updated_at DESC, _dt DESC, _source_file DESC, _line_no DESC) AS newest
  FROM typed_live_sessions WHERE reason IS NULL
)
WHERE newest = 1;
DELETE FROM silver_live_sessions s USING batch_live_sessions b
WHERE s.live_session_id = b.live_session_id AND b.updated_at > s.updated_at;
INSERT INTO silver_live_sessions
SELECT b.* FROM batch_live_sessions b
WHERE NOT EXISTS (SELECT 1 FROM silver_live_sessions s WHERE s.live_session_id = b.live_session_id);

CREATE OR REPLACE TEMP TABLE batch_ad_spend AS
SELECT date, live_session_id, channel, spend, impressions, clicks, _dt
FROM (
  SELECT *, row_number() OVER (PARTITION BY date, live_session_id, channel
                               ORDER BY _dt DESC, _source_file DESC, _line_no DESC) AS newest
  FROM typed_ad_spend WHERE reason IS NULL
)
WHERE newest = 1;
DELETE FROM silver_ad_spend s USING batch_ad_spend b
WHERE s.date = b.date AND s.live_session_id = b.live_session_id AND s.channel = b.channel AND b._dt > s._dt;
INSERT INTO silver_ad_spend
SELECT b.* FROM batch_ad_spend b
WHERE NOT EXISTS (SELECT 1 FROM silver_ad_spend s
                  WHERE s.date = b.date AND s.live_session_id = b.live_session_id AND s.channel = b.channel);

DELETE FROM silver_viewing WHERE _dt IN ({{days}});
INSERT INTO silver_viewing
SELECT live_session_id, user_id, enter_at, leave_at, channel,
       CAST(epoch(leave_at) - epoch(enter_at) AS BIGINT), _dt
FROM typed_viewing WHERE reason IS NULL;

DELETE FROM silver_interactions WHERE _dt IN ({{days}});
INSERT INTO silver_interactions
SELECT event_id, live_session_id, user_id, event_type, sku_id, event_at, text, _dt
FROM typed_interactions WHERE reason IS NULL;
