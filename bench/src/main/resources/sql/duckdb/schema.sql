-- The peer's tables (DuckDB), created on first use. Silver keeps what later nights need: the newest
-- version of each order line, live session and ad-spend row, every product version, and the
-- viewing and interaction logs by landing day. Gold holds the fact the marts share and the four
-- marts of docs/contract.md the benchmark compares: live-session review, funnel, product ranking, RFM.
CREATE TABLE IF NOT EXISTS quarantine (
  source VARCHAR, _dt DATE, reason VARCHAR, _source_file VARCHAR, _raw VARCHAR);
CREATE TABLE IF NOT EXISTS silver_orders (
  order_id VARCHAR, line_no INTEGER, user_id VARCHAR, sku_id VARCHAR, quantity INTEGER,
  unit_price DECIMAL(18, 2), discount_amount DECIMAL(18, 2), pay_amount DECIMAL(18, 2),
  refund_amount DECIMAL(18, 2), status VARCHAR, created_at TIMESTAMP, paid_at TIMESTAMP,
  updated_at TIMESTAMP, live_session_id VARCHAR, traffic_source VARCHAR, coupon_id VARCHAR,
  platform VARCHAR, province VARCHAR, _dt DATE, order_date DATE, paid_date DATE, sku_known BOOLEAN);
CREATE TABLE IF NOT EXISTS silver_live_sessions (
  live_session_id VARCHAR, room_id VARCHAR, anchor_id VARCHAR, platform VARCHAR, theme VARCHAR,
  scheduled_start TIMESTAMP, scheduled_end TIMESTAMP, actual_start TIMESTAMP, actual_end TIMESTAMP,
  updated_at TIMESTAMP, _dt DATE);
CREATE TABLE IF NOT EXISTS silver_products (
  sku_id VARCHAR, category_l1 VARCHAR, category_l2 VARCHAR, brand VARCHAR, unit_cost DECIMAL(18, 2),
  valid_from TIMESTAMP, _dt DATE);
CREATE TABLE IF NOT EXISTS silver_ad_spend (
  date DATE, live_session_id VARCHAR, channel VARCHAR, spend DECIMAL(18, 2), impressions BIGINT,
  clicks BIGINT, _dt DATE);
CREATE TABLE IF NOT EXISTS silver_viewing (
  live_session_id VARCHAR, user_id VARCHAR, enter_at TIMESTAMP, leave_at TIMESTAMP,
  channel VARCHAR, watch_seconds BIGINT, _dt DATE);
CREATE TABLE IF NOT EXISTS silver_interactions (
  event_id VARCHAR, live_session_id VARCHAR, user_id VARCHAR, event_type VARCHAR, sku_id VARCHAR,
  event_at TIMESTAMP, text VARCHAR, _dt DATE);
CREATE OR REPLACE TEMP MACRO ts(x) AS timezone('{{time_zone}}', try_strptime(x, '%Y-%m-%dT%H:%M:%S%z'));
CREATE OR REPLACE TEMP MACRO money(x) AS TRY_CAST(x AS DECIMAL(18, 2));
