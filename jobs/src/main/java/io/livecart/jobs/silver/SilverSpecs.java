package io.livecart.jobs.silver;

import static io.livecart.jobs.silver.SilverSpec.Action.DROP;
import static io.livecart.jobs.silver.SilverSpec.Action.FAIL;
import static io.livecart.jobs.silver.SilverSpec.Type.DATE;
import static io.livecart.jobs.silver.SilverSpec.Type.INT;
import static io.livecart.jobs.silver.SilverSpec.Type.LONG;
import static io.livecart.jobs.silver.SilverSpec.Type.MONEY;
import static io.livecart.jobs.silver.SilverSpec.Type.STRING;
import static io.livecart.jobs.silver.SilverSpec.Type.TIMESTAMP;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.DirtyKind;
import io.livecart.core.landing.Source;
import io.livecart.jobs.silver.SilverSpec.Expectation;
import io.livecart.jobs.silver.SilverSpec.Field;
import io.livecart.jobs.silver.SilverSpec.Write;
import java.util.List;
import java.util.Map;

/**
 * The silver contract of every source: the one place that types the product contract's fields. The
 * thresholds that judge a row ({@code livecart.silver.parameters}) come from the configuration.
 */
final class SilverSpecs {
  private SilverSpecs() {}

  /** Every source's spec, with the thresholds of {@code config}. */
  static Map<Source, SilverSpec> of(LiveCartConfig config) {
    Number maxQuantity = config.silverParameter("max_quantity");
    Number maxPayAmount = config.silverParameter("max_pay_amount");
    return Map.of(
        Source.ORDERS,
            new SilverSpec(
                Source.ORDERS,
                List.of(
                    Field.of("order_id", STRING),
                    Field.of("line_no", INT),
                    Field.of("user_id", STRING).mandatory(),
                    Field.of("sku_id", STRING),
                    new Field("quantity", INT, true).mandatory(),
                    Field.of("unit_price", MONEY),
                    Field.of("discount_amount", MONEY),
                    Field.of("pay_amount", MONEY).mandatory(),
                    Field.of("refund_amount", MONEY),
                    Field.of("status", STRING).mandatory(),
                    Field.of("created_at", TIMESTAMP).mandatory(),
                    Field.of("paid_at", TIMESTAMP),
                    Field.of("updated_at", TIMESTAMP),
                    Field.of("live_session_id", STRING),
                    Field.of("traffic_source", STRING),
                    Field.of("coupon_id", STRING),
                    Field.of("platform", STRING),
                    Field.of("province", STRING)),
                List.of("order_id", "line_no"),
                "updated_at",
                "updated_at",
                Write.MERGE_LATEST,
                List.of(
                    new Expectation(
                        DirtyKind.ABSURD_AMOUNT.code(),
                        "quantity > " + maxQuantity + " OR pay_amount > " + maxPayAmount,
                        DROP),
                    new Expectation(
                        "invalid_status",
                        "status NOT IN ('created','paid','shipped','completed','cancelled','refunded')",
                        DROP),
                    new Expectation("refund_exceeds_payment", "refund_amount > pay_amount", DROP))),
        Source.VIEWING,
            new SilverSpec(
                Source.VIEWING,
                List.of(
                    Field.of("live_session_id", STRING),
                    Field.of("user_id", STRING),
                    Field.of("enter_at", TIMESTAMP),
                    Field.of("leave_at", TIMESTAMP).mandatory(),
                    Field.of("channel", STRING)),
                List.of("live_session_id", "user_id", "enter_at"),
                null,
                "enter_at",
                Write.REPLACE_DAY,
                List.of(new Expectation("leave_before_enter", "leave_at < enter_at", DROP))),
        Source.INTERACTIONS,
            new SilverSpec(
                Source.INTERACTIONS,
                List.of(
                    Field.of("event_id", STRING),
                    Field.of("live_session_id", STRING),
                    Field.of("user_id", STRING),
                    Field.of("event_type", STRING).mandatory(),
                    Field.of("sku_id", STRING),
                    Field.of("event_at", TIMESTAMP),
                    Field.of("text", STRING)),
                List.of("event_id"),
                null,
                "event_at",
                Write.REPLACE_DAY,
                List.of()),
        Source.LIVE_SESSIONS,
            new SilverSpec(
                Source.LIVE_SESSIONS,
                List.of(
                    Field.of("live_session_id", STRING),
                    Field.of("room_id", STRING),
                    Field.of("anchor_id", STRING),
                    Field.of("platform", STRING),
                    Field.of("theme", STRING),
                    Field.of("scheduled_start", TIMESTAMP),
                    Field.of("scheduled_end", TIMESTAMP),
                    Field.of("actual_start", TIMESTAMP),
                    Field.of("actual_end", TIMESTAMP),
                    Field.of("updated_at", TIMESTAMP)),
                List.of("live_session_id"),
                "updated_at",
                "updated_at",
                Write.MERGE_LATEST,
                List.of()),
        Source.AD_SPEND,
            new SilverSpec(
                Source.AD_SPEND,
                List.of(
                    Field.of("date", DATE),
                    Field.of("live_session_id", STRING),
                    Field.of("channel", STRING),
                    Field.of("spend", MONEY).mandatory(),
                    new Field("impressions", LONG, true),
                    new Field("clicks", LONG, true)),
                List.of("date", "live_session_id", "channel"),
                null,
                null,
                Write.MERGE_LATEST,
                List.of()),
        Source.PRODUCTS,
            new SilverSpec(
                Source.PRODUCTS,
                List.of(
                    Field.of("sku_id", STRING),
                    Field.of("spu_id", STRING),
                    Field.of("name", STRING),
                    Field.of("category_l1", STRING),
                    Field.of("category_l2", STRING),
                    Field.of("brand", STRING),
                    Field.of("list_price", MONEY),
                    Field.of("unit_cost", MONEY),
                    Field.of("supplier_id", STRING),
                    new Field("lead_time_days", INT, true),
                    new Field("case_pack", INT, true),
                    new Field("moq", INT, true),
                    Field.of("updated_at", TIMESTAMP)),
                List.of("sku_id"),
                "updated_at",
                "updated_at",
                Write.SCD2,
                List.of()),
        Source.INVENTORY,
            new SilverSpec(
                Source.INVENTORY,
                List.of(
                    Field.of("snapshot_date", DATE),
                    Field.of("sku_id", STRING),
                    Field.of("warehouse_id", STRING),
                    new Field("on_hand", LONG, true).mandatory(),
                    new Field("on_order", LONG, true)),
                List.of("snapshot_date", "sku_id", "warehouse_id"),
                null,
                null,
                Write.REPLACE_DAY,
                List.of(new Expectation("snapshot_of_another_day", "snapshot_date <> _dt", FAIL))),
        Source.USERS,
            new SilverSpec(
                Source.USERS,
                List.of(
                    Field.of("user_id", STRING),
                    Field.of("registered_at", TIMESTAMP),
                    Field.of("member_tier", STRING),
                    Field.of("province", STRING),
                    Field.of("phone_hash", STRING)),
                List.of("user_id"),
                "registered_at",
                "registered_at",
                Write.MERGE_LATEST,
                List.of()));
  }
}
