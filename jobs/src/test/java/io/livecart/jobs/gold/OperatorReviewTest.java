package io.livecart.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.ingest.Ingest;
import io.livecart.jobs.silver.Silver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' review marts (复盘) on one room's three broadcasts, every number worked out by hand.
 * Everything lands late, on the night of 2025-04-05, so one night builds all air days.
 *
 * <pre>
 * LS0 2025-02-20 20:00-21:00: U1 watches 20:00-20:30 (natural), follows the room, takes a lucky
 *     bag and pays O0 100.00
 * LS8 2025-02-27 20:00-21:00: U2 watches 20:00-20:30 (natural), claims a coupon, pays O8 300.00
 * LS1 2025-03-01 20:00-21:00:
 *   U1 20:00-20:22 natural, lucky bag       pays O1 100.00 (created 20:06)
 *   U2 20:02-20:20 paid_ads and 20:30-20:35 search, lucky bag and coupon
 *   U3 20:05-20:50 natural, follows, coupon pays O2 50.00 + 30.00 (created 20:12), first order ever
 *   U4 20:40-21:00 short_video, lucky bag (leaves at the end: no exit)
 *   U5 never watches                        pays O3 20.00 by search (created 20:41), first order ever
 *   GMV 200.00, UV 4
 * </pre>
 */
class OperatorReviewTest {
  private static final LocalDate NIGHT = LocalDate.of(2025, 4, 5);

  @TempDir static Path root;

  private static final SparkSession spark = TestSpark.session();
  private static LiveCartConfig config;

  @BeforeAll
  static void buildTheNight() throws IOException {
    land(
        "live_sessions",
        session("LS0", "2025-02-20"),
        session("LS8", "2025-02-27"),
        session("LS1", "2025-03-01"));
    land(
        "viewing",
        visit("LS0", "U1", "2025-02-20T20:00", "2025-02-20T20:30", "natural"),
        visit("LS8", "U2", "2025-02-27T20:00", "2025-02-27T20:30", "natural"),
        visit("LS1", "U1", "2025-03-01T20:00", "2025-03-01T20:22", "natural"),
        visit("LS1", "U2", "2025-03-01T20:02", "2025-03-01T20:20", "paid_ads"),
        visit("LS1", "U2", "2025-03-01T20:30", "2025-03-01T20:35", "search"),
        visit("LS1", "U3", "2025-03-01T20:05", "2025-03-01T20:50", "natural"),
        visit("LS1", "U4", "2025-03-01T20:40", "2025-03-01T21:00", "short_video"));
    land(
        "interactions",
        event("E1", "LS0", "U1", "follow", "2025-02-20T20:05"),
        event("E2", "LS0", "U1", "lucky_bag", "2025-02-20T20:06"),
        event("E3", "LS8", "U2", "coupon_claim", "2025-02-27T20:06"),
        event("E4", "LS1", "U1", "lucky_bag", "2025-03-01T20:03"),
        event("E5", "LS1", "U2", "lucky_bag", "2025-03-01T20:04"),
        event("E6", "LS1", "U2", "coupon_claim", "2025-03-01T20:10"),
        event("E7", "LS1", "U3", "follow", "2025-03-01T20:06"),
        event("E8", "LS1", "U3", "coupon_claim", "2025-03-01T20:11"),
        event("E9", "LS1", "U4", "lucky_bag", "2025-03-01T20:45"));
    land(
        "orders",
        order("O0", 1, "U1", "SKU1", 1, "100.00", "LS0", "natural", "2025-02-20T20:10"),
        order("O8", 1, "U2", "SKU1", 1, "300.00", "LS8", "natural", "2025-02-27T20:10"),
        order("O1", 1, "U1", "SKU1", 1, "100.00", "LS1", "natural", "2025-03-01T20:06"),
        order("O2", 1, "U3", "SKU1", 1, "50.00", "LS1", "natural", "2025-03-01T20:12"),
        order("O2", 2, "U3", "SKU1", 1, "30.00", "LS1", "natural", "2025-03-01T20:12"),
        order("O3", 1, "U5", "SKU1", 1, "20.00", "LS1", "search", "2025-03-01T20:41"),
        // Sales outside the live rooms, for the product lifecycle as of 2025-04-05.
        order("O4", 1, "U6", "SKU2", 2, "60.00", null, "search", "2025-04-01T10:00"),
        order("O5", 1, "U7", "SKU3", 1, "40.00", null, "search", "2025-04-04T10:00"),
        order("O6", 1, "U6", "SKU3", 1, "10.00", null, "search", "2025-03-20T10:00"),
        order("O7", 1, "U7", "SKU3", 1, "20.00", null, "search", "2025-03-01T10:00"),
        order("O9", 1, "U8", "SKU5", 1, "30.00", null, "search", "2025-03-25T10:00"),
        order("O10", 1, "U8", "SKU5", 1, "30.00", null, "search", "2025-02-25T10:00"),
        order("O11", 1, "U9", "SKU6", 3, "0.00", null, "search", "2025-04-02T10:00"));
    land(
        "products",
        product("SKU1", "美妆"),
        product("SKU2", "美妆"),
        product("SKU3", "食品"),
        product("SKU4", "食品"),
        product("SKU5", "食品"),
        product("SKU6", "食品"));
    land(
        "inventory",
        stock("2025-04-05", "SKU1", 10),
        stock("2025-04-05", "SKU2", 500),
        stock("2025-04-05", "SKU3", 0));
    // An earlier snapshot, on its own day: the latest one counts.
    LocalDate earlier = LocalDate.of(2025, 4, 1);
    land(earlier, "inventory", stock("2025-04-01", "SKU3", 100));
    config = TestSpark.config(root);
    Ingest.of(spark, config, List.of(earlier, NIGHT), "run").execute();
    Silver.of(spark, config, List.of(earlier, NIGHT), "run").execute();
    Gold.of(spark, config, NIGHT)
        .executeSelected(
            List.of(
                "+session_traffic",
                "+session_curve",
                "+session_benchmark",
                "+product_lifecycle",
                "+promo_ab"));
  }

  @Test
  void trafficStructurePerChannelFollowerAndVisitor() {
    Map<String, Row> rows =
        byKey("session_traffic", "live_session_id = 'LS1'", "dimension", "segment");
    assertThat(rows.keySet())
        .containsExactlyInAnyOrder(
            "channel natural",
            "channel paid_ads",
            "channel search",
            "channel short_video",
            "follower follower",
            "follower non_follower",
            "visitor new",
            "visitor returning");
    // natural: U1 and U3, both buying (U3 for the first time ever), U3 followed during it
    Row natural = rows.get("channel natural");
    assertThat(natural.<Long>getAs("viewers")).isEqualTo(2);
    assertThat(natural.<Long>getAs("views")).isEqualTo(2);
    assertThat(natural.<Long>getAs("new_followers")).isEqualTo(1);
    assertThat(natural.<Long>getAs("buyers")).isEqualTo(2);
    assertThat(natural.<Long>getAs("first_time_buyers")).isEqualTo(1);
    assertThat(natural.<Long>getAs("paid_orders")).isEqualTo(2);
    assertThat(number(natural, "gmv")).isEqualTo(180.0);
    assertThat(number(natural, "viewer_share")).isEqualTo(0.5);
    assertThat(number(natural, "gmv_share")).isEqualTo(0.9);
    assertThat(number(natural, "conversion_rate")).isEqualTo(1.0);
    assertThat(number(natural, "gpm")).isEqualTo(90_000.0);
    // search: U2's second visit, and U5's order without a visit
    Row search = rows.get("channel search");
    assertThat(search.<Long>getAs("viewers")).isEqualTo(1);
    assertThat(search.<Long>getAs("buyers")).isEqualTo(1);
    assertThat(number(search, "gmv")).isEqualTo(20.0);
    assertThat(number(search, "gpm")).isEqualTo(20_000.0);
    // U2 counts in both channels it came by
    assertThat(rows.get("channel paid_ads").<Long>getAs("viewers")).isEqualTo(1);
    assertThat(number(rows.get("channel paid_ads"), "gmv")).isZero();
    // followers: U1 (followed in LS0); U3 followed only during LS1
    Row follower = rows.get("follower follower");
    assertThat(follower.<Long>getAs("viewers")).isEqualTo(1);
    assertThat(number(follower, "gmv")).isEqualTo(100.0);
    Row nonFollower = rows.get("follower non_follower");
    assertThat(nonFollower.<Long>getAs("viewers")).isEqualTo(3);
    assertThat(nonFollower.<Long>getAs("views")).isEqualTo(4);
    assertThat(nonFollower.<Long>getAs("buyers")).isEqualTo(2);
    assertThat(number(nonFollower, "gmv")).isEqualTo(100.0);
    assertThat(number(nonFollower, "conversion_rate")).isCloseTo(2.0 / 3, within(1e-9));
    // returning: U1 (LS0) and U2 (LS8); new: U3, U4, and the buyer U5
    Row returning = rows.get("visitor returning");
    assertThat(returning.<Long>getAs("viewers")).isEqualTo(2);
    assertThat(returning.<Long>getAs("views")).isEqualTo(3);
    assertThat(returning.<Long>getAs("first_time_buyers")).isZero();
    assertThat(number(returning, "gmv")).isEqualTo(100.0);
    Row fresh = rows.get("visitor new");
    assertThat(fresh.<Long>getAs("viewers")).isEqualTo(2);
    assertThat(fresh.<Long>getAs("buyers")).isEqualTo(2);
    assertThat(fresh.<Long>getAs("first_time_buyers")).isEqualTo(2);
    assertThat(number(fresh, "gmv")).isEqualTo(100.0);
  }

  @Test
  void theCurveInFiveMinuteBuckets() {
    Map<String, Row> rows = byKey("session_curve", "live_session_id = 'LS1'", "minute_offset");
    assertThat(rows).hasSize(12);
    // minutes 0-4: U1, and U2 from 20:02
    assertThat(rows.get("0").<Long>getAs("online_viewers")).isEqualTo(2);
    assertThat(rows.get("0").<Timestamp>getAs("peak_minute")).isEqualTo(at("2025-03-01T20:02"));
    assertThat(rows.get("0").<Long>getAs("entries")).isEqualTo(2);
    // 20:05: U1, U2, U3 - the PCU of 3, first reached here
    Row peak = rows.get("5");
    assertThat(peak.<Long>getAs("online_viewers")).isEqualTo(3);
    assertThat(peak.<Boolean>getAs("is_peak")).isTrue();
    assertThat(peak.<Long>getAs("paid_orders")).isEqualTo(1);
    assertThat(number(peak, "gmv")).isEqualTo(100.0);
    assertThat(rows.values().stream().filter(row -> row.<Boolean>getAs("is_peak"))).hasSize(1);
    assertThat(number(rows.get("10"), "gmv")).isEqualTo(80.0);
    // U2 leaves at 20:20 and U1 at 20:22: the fastest exits; then 20:35 (U2), 20:50 (U3)
    assertThat(rows.get("20").<Long>getAs("exits")).isEqualTo(2);
    assertThat(rows.get("20").<Integer>getAs("exit_rank")).isEqualTo(1);
    assertThat(rows.get("35").<Integer>getAs("exit_rank")).isEqualTo(2);
    assertThat(rows.get("50").<Integer>getAs("exit_rank")).isEqualTo(3);
    // U4 leaves with the broadcast's end: no exit; minute 21:00 falls in the last bucket
    assertThat(rows.get("55").<Long>getAs("exits")).isZero();
    assertThat(rows.get("55").<Object>getAs("exit_rank")).isNull();
    assertThat(rows.get("55").<Long>getAs("online_viewers")).isEqualTo(1);
    assertThat(rows.get("25").<Long>getAs("online_viewers")).isEqualTo(1);
  }

  @Test
  void eachBroadcastAgainstTheRoomsEarlierOnes() {
    Map<String, Row> rows = byKey("session_benchmark", "true", "live_session_id");
    assertThat(rows.get("LS0").<String>getAs("gmv_tier")).isEqualTo("new");
    assertThat(rows.get("LS0").<Long>getAs("sessions_30d")).isZero();
    // LS8 against LS0 (100.00): above the 75th percentile
    assertThat(rows.get("LS8").<String>getAs("gmv_tier")).isEqualTo("S");
    // LS1 (200.00) against LS0 and LS8 (100, 300): median 200, 75th percentile 250; in 7 days LS8
    Row ls1 = rows.get("LS1");
    assertThat(ls1.<Long>getAs("sessions_30d")).isEqualTo(2);
    assertThat(ls1.<Long>getAs("sessions_7d")).isEqualTo(1);
    assertThat(ls1.<Double>getAs("gmv_median_30d")).isEqualTo(200.0);
    assertThat(ls1.<Double>getAs("gmv_p75_30d")).isEqualTo(250.0);
    assertThat(ls1.<Double>getAs("gmv_median_7d")).isEqualTo(300.0);
    assertThat(number(ls1, "previous_gmv")).isEqualTo(300.0);
    assertThat(ls1.<Double>getAs("gmv_vs_median_30d")).isEqualTo(1.0);
    assertThat(ls1.<Double>getAs("gmv_vs_median_7d")).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(ls1.<String>getAs("gmv_tier")).isEqualTo("B");
  }

  @Test
  void productLifecycleStages() {
    Map<String, Row> rows = byKey("product_lifecycle", "true", "sku_id");
    // 30-day GMV: SKU2 60 (the top 10% of 4 sold SKUs is 1), SKU3 50, SKU5 30, SKU6 0
    assertThat(rows.get("SKU2").<String>getAs("stage")).isEqualTo("hot");
    assertThat(rows.get("SKU2").<Integer>getAs("gmv_rank_30d")).isEqualTo(1);
    // SKU3: 50 against 20 the 30 days before, up 150%; its stock ran out on the latest snapshot
    Row sku3 = rows.get("SKU3");
    assertThat(sku3.<String>getAs("stage")).isEqualTo("rising");
    assertThat(sku3.<Double>getAs("trend_30d")).isCloseTo(1.5, within(1e-9));
    assertThat(number(sku3, "gmv_7d")).isEqualTo(40.0);
    assertThat(sku3.<Long>getAs("on_hand")).isZero();
    // SKU1: 600.00 in the 90 days, nothing in the last 30, 10 on hand
    Row sku1 = rows.get("SKU1");
    assertThat(sku1.<String>getAs("stage")).isEqualTo("slow");
    assertThat(number(sku1, "gmv_90d")).isEqualTo(600.0);
    assertThat(number(sku1, "gmv_prev_30d")).isEqualTo(600.0);
    assertThat(sku1.<Object>getAs("days_of_cover")).isNull();
    assertThat(rows.get("SKU5").<String>getAs("stage")).isEqualTo("steady");
    assertThat(rows.get("SKU5").<Double>getAs("trend_30d")).isZero();
    assertThat(rows.get("SKU4").<String>getAs("stage")).isEqualTo("inactive");
    // SKU6: 3 units sold at 0.00 (a log without amounts, as Taobao's): sold, ranked last by GMV
    assertThat(rows.get("SKU6").<String>getAs("stage")).isEqualTo("steady");
    assertThat(rows.get("SKU6").<Integer>getAs("gmv_rank_30d")).isEqualTo(4);
    // SKU2: 500 on hand at 2 units in 30 days
    assertThat(rows.get("SKU2").<Double>getAs("days_of_cover")).isCloseTo(7500.0, within(1e-6));
  }

  @Test
  void redPacketsAgainstCoupons() {
    Map<String, Row> rows = byKey("promo_ab", "true", "arm");
    // lucky_bag: (LS0, U1) and (LS1, U1) bought, (LS1, U4) did not; U1 bought again 9 days after
    // LS0
    Row lucky = rows.get("lucky_bag");
    assertThat(lucky.<Long>getAs("exposures")).isEqualTo(3);
    assertThat(lucky.<Long>getAs("users")).isEqualTo(2);
    assertThat(lucky.<Long>getAs("converted")).isEqualTo(2);
    assertThat(number(lucky, "aov")).isEqualTo(100.0);
    assertThat(lucky.<Double>getAs("repurchase_30d")).isEqualTo(0.5);
    // coupon: (LS8, U2) 300.00 and (LS1, U3) 80.00, neither bought again
    Row coupon = rows.get("coupon");
    assertThat(coupon.<Long>getAs("exposures")).isEqualTo(2);
    assertThat(coupon.<Double>getAs("conversion_rate")).isEqualTo(1.0);
    assertThat(number(coupon, "aov")).isEqualTo(190.0);
    assertThat(coupon.<Double>getAs("repurchase_30d")).isZero();
    // pooled 4/5: z = (2/3 - 1) / sqrt(0.8 x 0.2 x (1/3 + 1/2)) = -0.9129, p = 0.3613;
    // repurchase pooled 1/4: z = 0.5 / sqrt(0.25 x 0.75 x (1/2 + 1/2)) = 1.1547, p = 0.2482
    assertThat(lucky.<Double>getAs("conversion_p_value")).isCloseTo(0.3613, within(1e-4));
    assertThat(coupon.<Double>getAs("conversion_p_value")).isCloseTo(0.3613, within(1e-4));
    assertThat(lucky.<Double>getAs("repurchase_p_value")).isCloseTo(0.2482, within(1e-4));
    // U2 took both in LS1: left out of the test
    Row both = rows.get("both");
    assertThat(both.<Long>getAs("exposures")).isEqualTo(1);
    assertThat(both.<Object>getAs("conversion_p_value")).isNull();
    assertThat(lucky.<String>getAs("caveat")).contains("not randomised");
  }

  private Map<String, Row> byKey(String table, String where, String... key) {
    return spark
        .read()
        .format("delta")
        .load(new Table(Table.GOLD, table).path(config))
        .where(where)
        .collectAsList()
        .stream()
        .collect(
            Collectors.toMap(
                row ->
                    java.util.Arrays.stream(key)
                        .map(column -> String.valueOf(row.<Object>getAs(column)))
                        .collect(Collectors.joining(" ")),
                Function.identity()));
  }

  private static void land(String source, String... lines) throws IOException {
    land(NIGHT, source, lines);
  }

  private static void land(LocalDate day, String source, String... lines) throws IOException {
    Path folder = root.resolve("landing/" + source + "/dt=" + day);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("part-00000.jsonl"), String.join("\n", lines) + "\n");
  }

  private static Timestamp at(String local) {
    return Timestamp.from(OffsetDateTime.parse(local + ":00+08:00").toInstant());
  }

  private static double number(Row row, String column) {
    return ((Number) row.getAs(column)).doubleValue();
  }

  private static String session(String id, String day) {
    return String.format(
        "{\"live_session_id\":\"%1$s\",\"room_id\":\"R1\",\"anchor_id\":\"A1\",\"platform\":\"douyin\",\"theme\":\"日常专场\","
            + "\"scheduled_start\":\"%2$sT20:00:00+08:00\",\"scheduled_end\":\"%2$sT21:00:00+08:00\",\"actual_start\":\"%2$sT20:00:00+08:00\","
            + "\"actual_end\":\"%2$sT21:00:00+08:00\",\"updated_at\":\"%2$sT21:01:00+08:00\"}",
        id, day);
  }

  private static String visit(
      String session, String user, String enter, String leave, String channel) {
    return String.format(
        "{\"live_session_id\":\"%s\",\"user_id\":\"%s\",\"enter_at\":\"%s:00+08:00\",\"leave_at\":\"%s:00+08:00\",\"channel\":\"%s\"}",
        session, user, enter, leave, channel);
  }

  private static String event(String id, String session, String user, String type, String at) {
    return String.format(
        "{\"event_id\":\"%s\",\"live_session_id\":\"%s\",\"user_id\":\"%s\",\"event_type\":\"%s\",\"sku_id\":null,\"event_at\":\"%s:00+08:00\",\"text\":null}",
        id, session, user, type, at);
  }

  private static String order(
      String id,
      int line,
      String user,
      String sku,
      int quantity,
      String pay,
      String session,
      String source,
      String created) {
    return String.format(
        "{\"order_id\":\"%s\",\"line_no\":%d,\"user_id\":\"%s\",\"sku_id\":\"%s\",\"quantity\":%d,\"unit_price\":%s,\"discount_amount\":0,"
            + "\"pay_amount\":%s,\"refund_amount\":0,\"status\":\"paid\",\"created_at\":\"%s:00+08:00\",\"paid_at\":\"%s:30+08:00\","
            + "\"updated_at\":\"%s:45+08:00\",\"live_session_id\":%s,\"traffic_source\":\"%s\",\"coupon_id\":null,\"platform\":\"douyin\",\"province\":\"上海\"}",
        id,
        line,
        user,
        sku,
        quantity,
        pay,
        pay,
        created,
        created,
        created,
        session == null ? "null" : "\"" + session + "\"",
        source);
  }

  private static String product(String sku, String category) {
    return String.format(
        "{\"sku_id\":\"%s\",\"spu_id\":\"P%s\",\"name\":\"商品\",\"category_l1\":\"%s\",\"category_l2\":\"%s\",\"brand\":\"花知晓\","
            + "\"list_price\":100.00,\"unit_cost\":40.00,\"supplier_id\":\"SUP1\",\"lead_time_days\":7,\"case_pack\":1,\"moq\":1,"
            + "\"updated_at\":\"2025-01-01T06:00:00+08:00\"}",
        sku, sku, category, category);
  }

  private static String stock(String day, String sku, int onHand) {
    return String.format(
        "{\"snapshot_date\":\"%s\",\"sku_id\":\"%s\",\"warehouse_id\":\"W1\",\"on_hand\":%d,\"on_order\":0}",
        day, sku, onHand);
  }
}
