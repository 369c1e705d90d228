package io.livecart.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.ingest.Ingest;
import io.livecart.jobs.silver.Silver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One session, five viewers, three orders, every number worked out by hand:
 *
 * <pre>
 * U1 20:00-20:10 (600 s)   U2 20:09-20:11 and 20:30-20:35 (420 s)   U3 20:05:30-20:50 (2,670 s)
 * U4 21:00-21:02 (120 s)   U5 20:09-20:40 (1,860 s)
 * UV 5, views 6, PCU 4 (20:09: U1, U2, U3, U5), average watch 5,670 / 5 = 1,134 s,
 * 5-minute retention 4/5 (all but U4), 30-minute retention 2/5 (U3, U5)
 * interacting viewers U1, U3: 2/5
 * O1 U1 100.00 paid; O2 U3 50.00 + 30.00 paid, the 30.00 line refunded; O3 U5 20.00 never paid
 * GMV 180.00, net 150.00, 2 paid orders, 2 buyers: conversion 2/5, UV value 36, GPM 30,000,
 * AOV 90, 客单价 90, ad spend 60.00: ROI 3, refund rate 30/180, refunded orders 1/2
 * 20 days later O1 is refunded: GMV stays 180.00, net 50.00, refunded orders 2/2
 * </pre>
 */
class LiveSessionReviewTest {
  private static final LocalDate DAY = LocalDate.of(2025, 3, 1);

  @TempDir Path root;

  private final SparkSession spark = TestSpark.session();

  private void land(String source, String... lines) throws IOException {
    land(DAY, source, lines);
  }

  private void land(LocalDate day, String source, String... lines) throws IOException {
    Path folder = root.resolve("landing/" + source + "/dt=" + day);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("part-00000.jsonl"), String.join("\n", lines) + "\n");
  }

  private static String visit(String user, String enter, String leave) {
    return String.format(
        "{\"live_session_id\":\"LS1\",\"user_id\":\"%s\",\"enter_at\":\"2025-03-01T%s+08:00\",\"leave_at\":\"2025-03-01T%s+08:00\",\"channel\":\"natural\"}",
        user, enter, leave);
  }

  private static String order(
      String id, int line, String user, String pay, String refund, String status, boolean paid) {
    return String.format(
        "{\"order_id\":\"%s\",\"line_no\":%d,\"user_id\":\"%s\",\"sku_id\":\"SKU1\",\"quantity\":1,\"unit_price\":%s,\"discount_amount\":0,"
            + "\"pay_amount\":%s,\"refund_amount\":%s,\"status\":\"%s\",\"created_at\":\"2025-03-01T20:20:00+08:00\",\"paid_at\":%s,"
            + "\"updated_at\":\"2025-03-01T20:25:00+08:00\",\"live_session_id\":\"LS1\",\"traffic_source\":\"natural\",\"coupon_id\":null,\"platform\":\"douyin\",\"province\":\"上海\"}",
        id, line, user, pay, pay, refund, status, paid ? "\"2025-03-01T20:21:00+08:00\"" : "null");
  }

  @Test
  void theReviewOfAFiveViewerSession() throws IOException {
    land(
        "live_sessions",
        "{\"live_session_id\":\"LS1\",\"room_id\":\"R1\",\"anchor_id\":\"A1\",\"platform\":\"douyin\",\"theme\":\"日常专场\","
            + "\"scheduled_start\":\"2025-03-01T20:00:00+08:00\",\"scheduled_end\":\"2025-03-01T22:00:00+08:00\",\"actual_start\":\"2025-03-01T20:00:00+08:00\","
            + "\"actual_end\":\"2025-03-01T22:00:00+08:00\",\"updated_at\":\"2025-03-01T22:01:00+08:00\"}");
    land(
        "viewing",
        visit("U1", "20:00:00", "20:10:00"),
        visit("U2", "20:09:00", "20:11:00"),
        visit("U2", "20:30:00", "20:35:00"),
        visit("U3", "20:05:30", "20:50:00"),
        visit("U4", "21:00:00", "21:02:00"),
        visit("U5", "20:09:00", "20:40:00"));
    land(
        "interactions",
        "{\"event_id\":\"E1\",\"live_session_id\":\"LS1\",\"user_id\":\"U1\",\"event_type\":\"comment\",\"sku_id\":null,\"event_at\":\"2025-03-01T20:01:00+08:00\",\"text\":\"多少钱\"}",
        "{\"event_id\":\"E2\",\"live_session_id\":\"LS1\",\"user_id\":\"U3\",\"event_type\":\"like\",\"sku_id\":null,\"event_at\":\"2025-03-01T20:06:00+08:00\",\"text\":null}",
        "{\"event_id\":\"E3\",\"live_session_id\":\"LS1\",\"user_id\":\"U3\",\"event_type\":\"product_click\",\"sku_id\":\"SKU1\",\"event_at\":\"2025-03-01T20:07:00+08:00\",\"text\":null}");
    land(
        "orders",
        order("O1", 1, "U1", "100.00", "0.00", "paid", true),
        order("O2", 1, "U3", "50.00", "0.00", "paid", true),
        order("O2", 2, "U3", "30.00", "30.00", "refunded", true),
        order("O3", 1, "U5", "20.00", "0.00", "created", false));
    land(
        "ad_spend",
        "{\"date\":\"2025-03-01\",\"live_session_id\":\"LS1\",\"channel\":\"qianchuan\",\"spend\":60.00,\"impressions\":3000,\"clicks\":90}");
    LiveCartConfig config = TestSpark.config(root);

    Ingest.of(spark, config, DAY, "run").execute();
    Silver.of(spark, config, DAY, "run").execute();
    // The review and the tables it reads, directly or through another: the other marts are not
    // this test's.
    List<String> selected = List.of("+live_session_review");
    Gold.Result first = Gold.of(spark, config, DAY).executeSelected(selected);

    assertThat(first.tables())
        .extracting(written -> written.table().name() + " " + written.rows())
        .containsExactlyInAnyOrder(
            "dim_live_session 1",
            "fact_viewing 6",
            "fact_interactions 3",
            "fact_order_lines 4",
            "session_curve 24",
            "live_session_review 1");
    Row review = review(config);
    assertThat(review.<Long>getAs("uv")).isEqualTo(5);
    assertThat(review.<Long>getAs("views")).isEqualTo(6);
    assertThat(review.<Long>getAs("pcu")).isEqualTo(4);
    assertThat(review.<Double>getAs("avg_watch_seconds")).isEqualTo(1134.0);
    assertThat(number(review, "retention_5m")).isEqualTo(0.8);
    assertThat(number(review, "retention_30m")).isEqualTo(0.4);
    assertThat(number(review, "interaction_rate")).isEqualTo(0.4);
    assertThat(number(review, "gmv")).isEqualTo(180.0);
    assertThat(number(review, "net_gmv")).isEqualTo(150.0);
    assertThat(review.<Long>getAs("paid_orders")).isEqualTo(2);
    assertThat(number(review, "conversion_rate")).isEqualTo(0.4);
    assertThat(number(review, "uv_value")).isEqualTo(36.0);
    assertThat(number(review, "gpm")).isEqualTo(30000.0);
    assertThat(number(review, "aov")).isEqualTo(90.0);
    assertThat(number(review, "gmv_per_buyer")).isEqualTo(90.0);
    assertThat(number(review, "roi")).isEqualTo(3.0);
    assertThat(number(review, "refund_rate"))
        .isCloseTo(1.0 / 6, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(number(review, "refund_order_rate")).isEqualTo(0.5);

    // Twenty days later O1 comes back refunded: that night rebuilds the session's day.
    LocalDate later = DAY.plusDays(20);
    land(
        later,
        "orders",
        order("O1", 1, "U1", "100.00", "100.00", "refunded", true)
            .replace(
                "\"updated_at\":\"2025-03-01T20:25:00", "\"updated_at\":\"2025-03-21T10:00:00"));
    Ingest.of(spark, config, later, "run").execute();
    Silver.of(spark, config, later, "run").execute();
    assertThat(Gold.of(spark, config, later).executeSelected(selected).days())
        .containsExactly(DAY, later);
    Row refunded = review(config);
    assertThat(number(refunded, "gmv")).isEqualTo(180.0);
    assertThat(number(refunded, "net_gmv")).isEqualTo(50.0);
    assertThat(number(refunded, "refund_order_rate")).isEqualTo(1.0);
    assertThat(refunded.<Long>getAs("uv")).isEqualTo(5);
  }

  private Row review(LiveCartConfig config) {
    List<Row> rows =
        spark
            .read()
            .format("delta")
            .load(new Table(Table.GOLD, "live_session_review").path(config))
            .collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static double number(Row row, String column) {
    return ((Number) row.getAs(column)).doubleValue();
  }
}
