package io.livecart.core.landing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The raw sources of docs/contract.md as they arrive in the landing zone: {@code
 * <landing>/<name>/dt=YYYY-MM-DD/*.jsonl}, or {@code *.csv} with a header row for the sources whose
 * {@link #csvAllowed()} is true. Field order is the order the generator writes and the order of a
 * CSV header.
 */
public enum Source {
  ORDERS(
      true,
      List.of(
          "order_id",
          "line_no",
          "user_id",
          "sku_id",
          "quantity",
          "unit_price",
          "discount_amount",
          "pay_amount",
          "refund_amount",
          "status",
          "created_at",
          "paid_at",
          "updated_at",
          "live_session_id",
          "traffic_source",
          "coupon_id",
          "platform",
          "province")),
  VIEWING(false, List.of("live_session_id", "user_id", "enter_at", "leave_at", "channel")),
  INTERACTIONS(
      false,
      List.of(
          "event_id", "live_session_id", "user_id", "event_type", "sku_id", "event_at", "text")),
  /**
   * One row per broadcast, re-sent when it changes: first when scheduled (a week ahead, actual
   * times null), then after it aired. {@code updated_at} (beyond the product contract's key fields)
   * orders the versions.
   */
  LIVE_SESSIONS(
      false,
      List.of(
          "live_session_id",
          "room_id",
          "anchor_id",
          "platform",
          "theme",
          "scheduled_start",
          "scheduled_end",
          "actual_start",
          "actual_end",
          "updated_at")),
  AD_SPEND(false, List.of("date", "live_session_id", "channel", "spend", "impressions", "clicks")),
  PRODUCTS(
      true,
      List.of(
          "sku_id",
          "spu_id",
          "name",
          "category_l1",
          "category_l2",
          "brand",
          "list_price",
          "unit_cost",
          "supplier_id",
          "lead_time_days",
          "case_pack",
          "moq",
          "updated_at")),
  INVENTORY(false, List.of("snapshot_date", "sku_id", "warehouse_id", "on_hand", "on_order")),
  USERS(false, List.of("user_id", "registered_at", "member_tier", "province", "phone"));

  private final boolean csvAllowed;
  private final List<String> fields;

  Source(boolean csvAllowed, List<String> fields) {
    this.csvAllowed = csvAllowed;
    this.fields = fields;
  }

  /** The folder name under the landing zone, e.g. {@code live_sessions}. */
  public String folder() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The source whose landing folder is {@code folder}, if any. */
  public static Optional<Source> ofFolder(String folder) {
    return Arrays.stream(values()).filter(s -> s.folder().equals(folder)).findFirst();
  }

  /** True for the sources merchant back-ends export as CSV (orders, products). */
  public boolean csvAllowed() {
    return csvAllowed;
  }

  public List<String> fields() {
    return fields;
  }
}
