package io.livecart.jobs.gold;

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.livecart.core.LiveCartException;
import io.livecart.core.TestSpark;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import io.livecart.core.warehouse.Catalog;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Publication;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.Table;
import io.livecart.core.warehouse.TableContracts;
import io.livecart.core.warehouse.TrinoEndpoint;
import io.livecart.core.warehouse.TrinoInstall;
import io.livecart.jobs.ingest.Ingest;
import io.livecart.jobs.silver.Silver;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nights of one room, every mart figure worked out by hand. No users file is delivered (only
 * orders are mandatory), so users come from the orders.
 *
 * <pre>
 * Products: S1 (美妆/面霜, cost 40.00, lead time 7), S2 (美妆/面膜, cost 20.00, lead time 7).
 * Night 1, Fri 2025-01-10, LS1 (room R1, anchor A1, 20:00-22:00), 1,000 ad impressions:
 *   viewers U1 U2 U3 U4; clicks U1:S1 U2:S1 U3:S2; carts U1:S1 U2:S1 U2:S2 U3:S2
 *   comments U4 "多少钱 包邮吗", U1 "链接在哪"
 *   O1 U1 S1 x1 100.00 paid; O2 U2 S1 x2 200.00 paid + S2 x1 100.00 paid, refunded in full;
 *   O3 U3 S2 x1 50.00 never paid
 *   stock S1@W1 1, S2@W1 500
 * Night 2, Thu 2025-02-20, LS2 (room R1, anchor A1): viewers U1 U4;
 *   O4 U1 S1 x1 100.00 paid; O5 U4 S2 x1 50.00 paid; stock S1@W1 100, S2@W1 30
 * S1 sold 3 units in the 28 days to night 1 and has 1 on hand: out in 9.3 days, within lead time
 *   7 + 3 days (stockout_risk).
 * Thresholds changed for the test: min_conversion_rate 0.6, churn_min_m_score 3,
 *   sku_repurchase_months 1, sku_repurchase_min_customers 1.
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldMartsTest {
  private static final LocalDate NIGHT1 = LocalDate.of(2025, 1, 10);
  private static final LocalDate NIGHT2 = LocalDate.of(2025, 2, 20);

  @TempDir static Path root;

  private final SparkSession spark = TestSpark.session();
  private LiveCartConfig config;

  @BeforeAll
  void twoNights() throws IOException {
    land(
        NIGHT1,
        "products",
        "csv",
        "sku_id,spu_id,name,category_l1,category_l2,brand,list_price,unit_cost,supplier_id,lead_time_days,case_pack,moq,updated_at",
        "S1,P1,面霜,美妆,面霜,花知晓,120.00,40.00,SUP1,7,12,24,2025-01-01T06:00:00+08:00",
        "S2,P2,面膜,美妆,面膜,花知晓,60.00,20.00,SUP1,7,12,24,2025-01-01T06:00:00+08:00");
    land(NIGHT1, "live_sessions", "jsonl", session("LS1", "2025-01-10"));
    land(NIGHT2, "live_sessions", "jsonl", session("LS2", "2025-02-20"));
    land(
        NIGHT1,
        "viewing",
        "jsonl",
        visit("LS1", "U1", "2025-01-10T20:01:00"),
        visit("LS1", "U2", "2025-01-10T20:02:00"),
        visit("LS1", "U3", "2025-01-10T20:03:00"),
        visit("LS1", "U4", "2025-01-10T20:04:00"));
    land(
        NIGHT2,
        "viewing",
        "jsonl",
        visit("LS2", "U1", "2025-02-20T20:01:00"),
        visit("LS2", "U4", "2025-02-20T20:02:00"));
    land(
        NIGHT1,
        "interactions",
        "jsonl",
        event("E1", "U1", "product_click", "S1", null),
        event("E2", "U1", "add_to_cart", "S1", null),
        event("E3", "U2", "product_click", "S1", null),
        event("E4", "U2", "add_to_cart", "S1", null),
        event("E5", "U2", "add_to_cart", "S2", null),
        event("E6", "U3", "product_click", "S2", null),
        event("E7", "U3", "add_to_cart", "S2", null),
        event("E8", "U4", "comment", null, "多少钱 包邮吗"),
        event("E9", "U1", "comment", null, "链接在哪"));
    land(
        NIGHT1,
        "orders",
        "jsonl",
        order("O1", 1, "U1", "S1", 1, "100.00", "0.00", "paid", "LS1", "2025-01-10", true),
        order("O2", 1, "U2", "S1", 2, "200.00", "0.00", "paid", "LS1", "2025-01-10", true),
        order("O2", 2, "U2", "S2", 1, "100.00", "100.00", "refunded", "LS1", "2025-01-10", true),
        order("O3", 1, "U3", "S2", 1, "50.00", "0.00", "created", "LS1", "2025-01-10", false));
    land(
        NIGHT2,
        "orders",
        "jsonl",
        order("O4", 1, "U1", "S1", 1, "100.00", "0.00", "paid", "LS2", "2025-02-20", true),
        order("O5", 1, "U4", "S2", 1, "50.00", "0.00", "paid", "LS2", "2025-02-20", true));
    land(
        NIGHT1,
        "ad_spend",
        "jsonl",
        "{\"date\":\"2025-01-10\",\"live_session_id\":\"LS1\",\"channel\":\"qianchuan\",\"spend\":100.00,\"impressions\":1000,\"clicks\":40}");
    land(
        NIGHT1, "inventory", "jsonl", stock("2025-01-10", "S1", 1), stock("2025-01-10", "S2", 500));
    land(
        NIGHT2,
        "inventory",
        "jsonl",
        stock("2025-02-20", "S1", 100),
        stock("2025-02-20", "S2", 30));
    config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of(
                "paths.root=" + root,
                "gold.parameters.min_conversion_rate=0.6",
                "gold.parameters.churn_min_m_score=3",
                "gold.parameters.sku_repurchase_months=1",
                "gold.parameters.sku_repurchase_min_customers=1"));
    for (LocalDate night : List.of(NIGHT1, NIGHT2)) {
      Ingest.of(spark, config, night, "run").execute();
      Silver.of(spark, config, night, "run").execute();
      Gold.of(spark, config, night).execute();
    }
  }

  @Test
  void theSessionFunnelCountsDistinctUsersPerStep() {
    Row funnel = single("session_funnel", "live_session_id = 'LS1'");
    assertThat(funnel.<Long>getAs("impressions")).isEqualTo(1000);
    assertThat(funnel.<Long>getAs("enters")).isEqualTo(4);
    assertThat(funnel.<Long>getAs("clickers")).isEqualTo(3);
    assertThat(funnel.<Long>getAs("carters")).isEqualTo(3);
    assertThat(funnel.<Long>getAs("orderers")).isEqualTo(3);
    assertThat(funnel.<Long>getAs("payers")).isEqualTo(2);
    assertThat(number(funnel, "enter_rate")).isEqualTo(0.004);
    assertThat(number(funnel, "click_rate")).isEqualTo(0.75);
    assertThat(number(funnel, "pay_rate")).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(number(funnel, "cart_to_pay_loss")).isCloseTo(1.0 / 3, within(1e-9));
  }

  @Test
  void theSkuFunnelOfASessionKeepsEachSkuApart() {
    Row s1 = single("session_sku_funnel", "live_session_id = 'LS1' AND sku_id = 'S1'");
    assertThat(List.of(s1.getAs("clickers"), s1.getAs("carters"), s1.getAs("payers")))
        .containsExactly(2L, 2L, 2L);
    assertThat(s1.<Long>getAs("units")).isEqualTo(3);
    assertThat(number(s1, "gmv")).isEqualTo(300.0);
    assertThat(number(s1, "cart_to_pay_loss")).isEqualTo(0.0);
    Row s2 = single("session_sku_funnel", "live_session_id = 'LS1' AND sku_id = 'S2'");
    assertThat(List.of(s2.getAs("clickers"), s2.getAs("carters"), s2.getAs("orderers")))
        .containsExactly(1L, 2L, 2L);
    assertThat(s2.<Long>getAs("payers")).isEqualTo(1);
    assertThat(number(s2, "cart_to_pay_loss")).isEqualTo(0.5);
  }

  @Test
  void commentKeywordsCountTheLexiconPerSession() {
    assertThat(
            strings(
                "comment_keywords",
                "live_session_id = 'LS1'",
                "concat(topic, '/', keyword, '=', mentions)"))
        .containsExactlyInAnyOrder("价格/多少钱=1", "物流/包邮=1", "购买/链接=1");
  }

  @Test
  void productAndCategoryDailyRankTheDaysSales() {
    Row s1 = single("product_daily", "order_date = DATE'2025-01-10' AND sku_id = 'S1'");
    assertThat(number(s1, "gmv")).isEqualTo(300.0);
    assertThat(s1.<Long>getAs("units")).isEqualTo(3);
    assertThat(s1.<Integer>getAs("gmv_rank")).isEqualTo(1);
    assertThat(number(s1, "gross_profit")).isEqualTo(180.0);
    assertThat(number(s1, "click_to_pay")).isEqualTo(1.0);
    Row s2 = single("product_daily", "order_date = DATE'2025-01-10' AND sku_id = 'S2'");
    assertThat(s2.<Long>getAs("orders")).isEqualTo(2);
    assertThat(s2.<Long>getAs("paid_orders")).isEqualTo(1);
    assertThat(number(s2, "gmv")).isEqualTo(100.0);
    assertThat(number(s2, "net_gmv")).isEqualTo(0.0);
    assertThat(number(s2, "gross_profit")).isEqualTo(0.0);
    assertThat(s2.<Integer>getAs("gmv_rank")).isEqualTo(2);
    Row face = single("category_daily", "order_date = DATE'2025-01-10' AND category_l2 = '面霜'");
    assertThat(number(face, "gmv_share")).isEqualTo(0.75);
  }

  @Test
  void anchorDailyAndHourHeatmapSumTheSessions() {
    Row anchor = single("anchor_daily", "session_date = DATE'2025-01-10'");
    assertThat(anchor.<Long>getAs("air_minutes")).isEqualTo(120);
    assertThat(anchor.<Long>getAs("uv")).isEqualTo(4);
    assertThat(number(anchor, "gmv")).isEqualTo(400.0);
    assertThat(number(anchor, "conversion_rate")).isEqualTo(0.5);
    assertThat(number(anchor, "roi")).isEqualTo(4.0);
    Row hour = single("hour_heatmap", "date = DATE'2025-01-10' AND hour = 20");
    assertThat(hour.<Integer>getAs("day_of_week")).isEqualTo(5);
    assertThat(hour.<Long>getAs("viewers")).isEqualTo(4);
    assertThat(hour.<Long>getAs("paid_orders")).isEqualTo(2);
    assertThat(number(hour, "gmv")).isEqualTo(400.0);
  }

  @Test
  void rfmScoresAndNamesTheSegments() {
    assertThat(
            strings(
                "rfm",
                "true",
                "concat_ws(' ', user_id, recency_days, frequency, monetary, r_score, f_score, m_score, rfm_score, segment_zh)"))
        .containsExactlyInAnyOrder(
            "U1 0 2 200.00 3 5 3 11.0 重要价值客户",
            "U2 41 1 200.00 1 1 3 5.0 重要挽留客户",
            "U4 0 1 50.00 3 1 1 5.0 一般发展客户");
  }

  @Test
  void cohortsRepurchaseAndTheFunnelFollowFirstPurchases() {
    assertThat(
            strings(
                "cohort_retention",
                "true",
                "concat_ws(' ', cohort_month, months_since, cohort_size, active_customers, retention)"))
        .containsExactlyInAnyOrder(
            "2025-01-01 0 2 2 1.0", "2025-01-01 1 2 1 0.5", "2025-02-01 0 1 1 1.0");
    Row january = single("repurchase_rate", "cohort_month = DATE'2025-01-01'");
    assertThat(january.<Long>getAs("eligible_30d")).isEqualTo(2);
    assertThat(number(january, "repurchase_30d")).isEqualTo(0.0);
    assertThat(january.<Long>getAs("eligible_90d")).isEqualTo(0);
    assertThat(january.<Object>getAs("repurchase_90d")).isNull();
    assertThat(
            strings(
                "repurchase_funnel",
                "true",
                "concat_ws(' ', purchase_number, customers, round(step_rate, 4), median_days_since_previous)"))
        .containsExactlyInAnyOrder("1 3 1.0", "2 1 0.3333 41.0");
  }

  @Test
  void basketRulesHaveSupportConfidenceAndLift() {
    // Baskets of the last 90 days: U1 {S1}, U2 {S1, S2} on 10 January; U1 {S1}, U4 {S2} on 20 Feb.
    Row rule = single("basket_rules", "antecedent = array('S2')");
    assertThat(rule.getList(rule.fieldIndex("consequent"))).containsExactly("S1");
    assertThat(number(rule, "support")).isEqualTo(0.25);
    assertThat(number(rule, "confidence")).isEqualTo(0.5);
    assertThat(number(rule, "lift")).isCloseTo(0.5 / 0.75, within(1e-9));
    Row reverse = single("basket_rules", "antecedent = array('S1')");
    assertThat(number(reverse, "confidence")).isCloseTo(1.0 / 3, within(1e-9));
  }

  @Test
  void inventoryTurnoverClassifiesEachMonth() {
    assertThat(
            strings(
                "inventory_turnover",
                "true",
                "concat_ws(' ', month, sku_id, units_sold, round(avg_on_hand, 1), abc_class)"))
        .containsExactlyInAnyOrder(
            "2025-01-01 S1 3 1.0 B",
            "2025-01-01 S2 0 500.0 C",
            "2025-02-01 S1 1 100.0 C",
            "2025-02-01 S2 1 30.0 C");
  }

  @Test
  void alertsOfEachNightUseTheConfiguredThresholds() {
    assertThat(strings("alerts", "true", "concat_ws(' ', alert_date, alert_type, subject_id)"))
        .containsExactlyInAnyOrder(
            "2025-01-10 low_conversion LS1",
            "2025-01-10 high_refund LS1",
            "2025-01-10 low_stock S1@W1",
            "2025-01-10 stockout_risk S1",
            "2025-02-20 traffic_drop LS2",
            "2025-02-20 low_stock S2@W1",
            "2025-02-20 sku_low_repurchase S1",
            "2025-02-20 sku_low_repurchase S2",
            "2025-02-20 churn_risk U2");
    Row churn = single("alerts", "alert_type = 'churn_risk'");
    assertThat(churn.<String>getAs("message")).isEqualTo("15天未进直播间, 消费下降");
  }

  /**
   * Sixteen days after night 2 the viewing feed has recorded no visit for the churn window (no
   * broadcast, or no feed): that says nothing of U2, whose spend fell, so U2 shows one signal, not
   * the two a churn alert needs.
   */
  @Test
  void noVisitIsNoSignalWhenTheFeedRecordedNoVisitInTheWindow() {
    Map<String, String> values = new HashMap<>();
    config.goldParameters().forEach((name, value) -> values.put(name, value.toString()));
    values.put("as_of", SqlDates.literal(NIGHT2.plusDays(16)));
    assertThat(
            spark
                .sql(Gold.render("alerts", values))
                .where("alert_type = 'churn_risk'")
                .collectAsList())
        .isEmpty();
  }

  @Test
  void theDateDimensionCarriesTheFestivalCalendar() {
    Row peak = single("dim_date", "date = DATE'2025-06-18'");
    assertThat(peak.<String>getAs("festival_label")).isEqualTo("618");
    assertThat(peak.<Boolean>getAs("is_peak_day")).isTrue();
    Row night = single("dim_date", "date = DATE'2025-01-10'");
    assertThat(night.<String>getAs("day_name_zh")).isEqualTo("周五");
    assertThat(night.<Object>getAs("festival")).isNull();
  }

  @Test
  void usersComeFromOrdersWhenNoMemberFileIsDelivered() {
    assertThat(strings("dim_user", "NOT in_member_master", "user_id"))
        .containsExactlyInAnyOrder("U1", "U2", "U3", "U4");
  }

  @Test
  void everySilverAndGoldTableAndColumnCarriesItsDefinition() throws IOException {
    List<String> undocumented = new java.util.ArrayList<>();
    for (String database : List.of(Table.SILVER, Table.GOLD)) {
      try (var folders = Files.list(root.resolve("warehouse").resolve(database))) {
        for (Path folder : folders.toList()) {
          String path = folder.toString();
          Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").first();
          if (detail.getAs("description") == null) {
            undocumented.add(database + "." + folder.getFileName());
          }
          for (var field : spark.read().format("delta").load(path).schema().fields()) {
            if (!field.getComment().isDefined()) {
              undocumented.add(database + "." + folder.getFileName() + "." + field.name());
            }
          }
        }
      }
    }
    assertThat(undocumented).isEmpty();
    // ... with the columns and types sql/tables.conf declares (docs/tables.md is generated from it)
    assertThat(TableContracts.assertAsDeclared(spark, config, Table.SILVER, Table.GOLD))
        .isEqualTo(37);
    Row uv =
        spark.sql("DESCRIBE gold.anchor_daily uv").collectAsList().stream()
            .filter(r -> r.getString(0).equals("comment"))
            .findFirst()
            .orElseThrow();
    assertThat(uv.getString(1)).contains("counts twice");
  }

  @Test
  void silverConstraintsRefuseWhatTheExpectationsQuarantine() {
    String orders = Table.silver(Source.ORDERS).path(config);
    Dataset<Row> one = spark.read().format("delta").load(orders).limit(1);
    assertThatThrownBy(() -> append(orders, one, "pay_amount", "CAST(-1 AS DECIMAL(18,2))"))
        .hasMessageContaining("non_negative_pay_amount");
    assertThatThrownBy(() -> append(orders, one, "order_id", "CAST(NULL AS STRING)"))
        .hasMessageContaining("order_id_not_null");
    assertThatThrownBy(() -> append(orders, one, "status", "'lost'"))
        .hasMessageContaining("invalid_status");
  }

  private static void append(String path, Dataset<Row> rows, String column, String value) {
    rows.withColumn(column, expr(value)).write().format("delta").mode("append").save(path);
  }

  @Test
  @Tag("slow") // 50 s: out of .ci/run until issue 18 cuts the cost of a table write
  void rerunningANightLeavesEveryGoldTableAsItWas() throws IOException {
    Map<String, List<String>> before = goldTables();
    Ingest.of(spark, config, NIGHT2, "rerun").execute();
    Silver.of(spark, config, NIGHT2, "rerun").execute();
    Gold.of(spark, config, NIGHT2).execute();
    assertThat(goldTables()).isEqualTo(before);
  }

  @Test
  void selectingATableRebuildsItAndWhatReadsItAndLeavesTheRest() {
    Map<String, Long> before = goldVersions();

    Gold.Result result = Gold.of(spark, config, NIGHT2).executeSelected(List.of("rfm+"));

    // alerts reads rfm (its churn risk); nothing else does.
    assertThat(result.tables())
        .extracting(w -> w.table().name())
        .containsExactlyInAnyOrder("rfm", "alerts");
    Map<String, Long> after = goldVersions();
    before.forEach(
        (table, version) ->
            assertThat(after.get(table))
                .as(table)
                .isEqualTo(Set.of("rfm", "alerts").contains(table) ? version + 1 : version));
    assertThat(Gold.of(spark, config, NIGHT2).executeSelected(List.of("rfm")).tables())
        .extracting(w -> w.table().name())
        .containsExactly("rfm");
    assertThat(Gold.of(spark, config, NIGHT2).executeSelected(List.of("+rfm")).tables())
        .extracting(w -> w.table().name())
        .containsExactlyInAnyOrder("dim_date", "dim_live_session", "fact_order_lines", "rfm");
    assertThatThrownBy(() -> Gold.of(spark, config, NIGHT2).executeSelected(List.of("rmf+")))
        .isInstanceOf(LiveCartException.class)
        .hasMessageContaining("Invalid value 'rmf+' for --select")
        .hasMessageContaining("basket_rules");
  }

  private Map<String, Long> goldVersions() {
    Map<String, Long> versions = new HashMap<>();
    Gold.TABLES.forEach(
        mart ->
            versions.put(
                mart.name(),
                DeltaWrites.lastCommit(spark, new Table(Table.GOLD, mart.name()), config)
                    .version()));
    return versions;
  }

  private Map<String, List<String>> goldTables() throws IOException {
    Map<String, List<String>> tables = new java.util.TreeMap<>();
    try (var folders = Files.list(root.resolve("warehouse").resolve(Table.GOLD))) {
      for (Path folder : folders.toList()) {
        String name = folder.getFileName().toString();
        tables.put(
            name,
            table(name).selectExpr("CAST(to_json(struct(*)) AS STRING)").collectAsList().stream()
                .map(row -> row.getString(0))
                .sorted()
                .toList());
      }
    }
    return tables;
  }

  /**
   * The analysts' SQL endpoint, a Trino server over this warehouse, gives Spark's answers: each
   * example question of sql/examples (each has rows here), the latest view of the published night,
   * and every table's rows. No client can change a table; a table created while it serves is served
   * after the next sync, and its new commits are read without one. Needs the server that
   * bin/trino-install unpacks (bin/test installs it).
   */
  @Test
  void theSqlEndpointGivesSparksAnswersAndCannotChangeATable() throws Exception {
    Publication.publish(spark, config, NIGHT2, "run");
    Catalog.register(spark, config);
    Map<Table, org.apache.hadoop.fs.Path> tables =
        Catalog.tables(spark.sparkContext().hadoopConfiguration(), config);
    Map<String, String> questions = new TreeMap<>();
    try (var files = Files.list(Path.of("../sql/examples"))) {
      for (Path example : files.toList()) {
        questions.put(
            example.getFileName().toString(),
            Files.readString(example).strip().replaceAll(";$", ""));
      }
    }
    assertThat(questions).hasSizeGreaterThanOrEqualTo(11);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (TrinoEndpoint endpoint =
            TrinoEndpoint.start(
                TrinoInstall.locate(null, null, System.getenv()), config, port, "1G");
        Connection trino = endpoint.connect("analyst");
        Statement statement = trino.createStatement()) {
      TrinoEndpoint.Sync served = endpoint.sync();
      assertThat(served.tables()).isEqualTo(tables.size()).isGreaterThan(30);
      assertThat(served.views()).isEqualTo(1); // gold.alerts_latest: no model has run here
      List<String> unanswered = new ArrayList<>();
      for (Map.Entry<String, String> question : questions.entrySet()) {
        if (sameAnswers(question.getValue(), statement) == 0) {
          unanswered.add(question.getKey());
        }
      }
      // Night 2's session had no cart: the last 7 days lose no buyer between cart and payment.
      assertThat(unanswered).containsExactly("02_cart_to_pay_leaks.sql");
      sameAnswers("SELECT * FROM gold.alerts_latest ORDER BY alert_type, subject_id", statement);
      for (Table table : tables.keySet()) {
        sameAnswers("SELECT count(*) FROM " + table, statement);
      }
      for (String write :
          List.of(
              "DROP TABLE gold.rfm",
              "DELETE FROM gold.rfm",
              "CREATE TABLE gold.mine (x int)",
              "CALL system.unregister_table(schema_name => 'gold', table_name => 'rfm')")) {
        assertThatThrownBy(() -> statement.execute(write))
            .as(write)
            .hasMessageContaining("Access Denied");
      }
      String extra = new Table(Table.OPS, "extra").path(config);
      spark.sql("CREATE TABLE delta.`" + extra + "` USING delta AS SELECT 1 AS x");
      TrinoEndpoint.Sync added = endpoint.sync();
      spark.sql("INSERT INTO delta.`" + extra + "` VALUES (2)");
      long sum;
      try (ResultSet rows = statement.executeQuery("SELECT sum(x) FROM ops.extra")) {
        rows.next();
        sum = rows.getLong(1);
      }
      try (var files = Files.walk(Path.of(extra))) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
      TrinoEndpoint.Sync removed = endpoint.sync();

      assertThat(added.changed()).isEqualTo(1);
      assertThat(sum).isEqualTo(3);
      assertThat(removed.changed()).isEqualTo(1);
      assertThat(removed.tables()).isEqualTo(served.tables());
    }
  }

  /** Runs {@code sql} on Spark and on the endpoint, asserts the same rows, returns how many. */
  private int sameAnswers(String sql, Statement trino) throws SQLException {
    List<Row> expected = spark.sql(sql).collectAsList();
    int row = 0;
    try (ResultSet answer = trino.executeQuery(sql)) {
      while (answer.next()) {
        assertThat(row).as("rows of " + sql).isLessThan(expected.size());
        for (int column = 0; column < expected.get(row).length(); column++) {
          Object ours = expected.get(row).get(column);
          Object theirs = answer.getObject(column + 1);
          assertThat(same(ours, theirs))
              .as("row %d column %d of %s: spark %s, trino %s", row, column, sql, ours, theirs)
              .isTrue();
        }
        row++;
      }
    }
    assertThat(row).as("rows of " + sql).isEqualTo(expected.size());
    return row;
  }

  private static boolean same(Object ours, Object theirs) {
    if (ours == null || theirs == null) {
      return ours == null && theirs == null;
    }
    if (ours instanceof Number a && theirs instanceof Number b) {
      double x = new BigDecimal(a.toString()).doubleValue();
      double y = new BigDecimal(b.toString()).doubleValue();
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
    }
    if (ours instanceof Timestamp a && theirs instanceof Timestamp b) {
      return a.toInstant().equals(b.toInstant());
    }
    return ours.toString().equals(theirs.toString());
  }

  private Dataset<Row> table(String name) {
    return spark.read().format("delta").load(new Table(Table.GOLD, name).path(config));
  }

  private Row single(String name, String where) {
    List<Row> rows = table(name).where(where).collectAsList();
    assertThat(rows).as(name + " where " + where).hasSize(1);
    return rows.get(0);
  }

  private List<String> strings(String name, String where, String expression) {
    return table(name).where(where).selectExpr(expression).collectAsList().stream()
        .map(row -> row.getString(0))
        .collect(Collectors.toList());
  }

  private static double number(Row row, String column) {
    return ((Number) row.getAs(column)).doubleValue();
  }

  private void land(LocalDate day, String source, String format, String... lines)
      throws IOException {
    Path folder = root.resolve("landing/" + source + "/dt=" + day);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("part-00000." + format), String.join("\n", lines) + "\n");
  }

  private static String session(String id, String day) {
    return String.format(
        "{\"live_session_id\":\"%1$s\",\"room_id\":\"R1\",\"anchor_id\":\"A1\",\"platform\":\"douyin\",\"theme\":\"日常专场\","
            + "\"scheduled_start\":\"%2$sT20:00:00+08:00\",\"scheduled_end\":\"%2$sT22:00:00+08:00\",\"actual_start\":\"%2$sT20:00:00+08:00\","
            + "\"actual_end\":\"%2$sT22:00:00+08:00\",\"updated_at\":\"%2$sT22:01:00+08:00\"}",
        id, day);
  }

  private static String visit(String session, String user, String enter) {
    return String.format(
        "{\"live_session_id\":\"%s\",\"user_id\":\"%s\",\"enter_at\":\"%s+08:00\",\"leave_at\":\"%s+08:00\",\"channel\":\"natural\"}",
        session, user, enter, enter.replace("T20:", "T21:"));
  }

  private static String event(String id, String user, String type, String sku, String text) {
    return String.format(
        "{\"event_id\":\"%s\",\"live_session_id\":\"LS1\",\"user_id\":\"%s\",\"event_type\":\"%s\",\"sku_id\":%s,\"event_at\":\"2025-01-10T20:30:00+08:00\",\"text\":%s}",
        id,
        user,
        type,
        sku == null ? "null" : "\"" + sku + "\"",
        text == null ? "null" : "\"" + text + "\"");
  }

  private static String order(
      String id,
      int line,
      String user,
      String sku,
      int quantity,
      String pay,
      String refund,
      String status,
      String session,
      String day,
      boolean paid) {
    return String.format(
        "{\"order_id\":\"%s\",\"line_no\":%d,\"user_id\":\"%s\",\"sku_id\":\"%s\",\"quantity\":%d,\"unit_price\":%s,\"discount_amount\":0,"
            + "\"pay_amount\":%s,\"refund_amount\":%s,\"status\":\"%s\",\"created_at\":\"%sT20:40:00+08:00\",\"paid_at\":%s,"
            + "\"updated_at\":\"%sT20:45:00+08:00\",\"live_session_id\":\"%s\",\"traffic_source\":\"natural\",\"coupon_id\":null,\"platform\":\"douyin\",\"province\":\"上海\"}",
        id,
        line,
        user,
        sku,
        quantity,
        pay,
        pay,
        refund,
        status,
        day,
        paid ? "\"" + day + "T20:41:00+08:00\"" : "null",
        day,
        session);
  }

  private static String stock(String day, String sku, int onHand) {
    return String.format(
        "{\"snapshot_date\":\"%s\",\"sku_id\":\"%s\",\"warehouse_id\":\"W1\",\"on_hand\":%d,\"on_order\":0}",
        day, sku, onHand);
  }
}
