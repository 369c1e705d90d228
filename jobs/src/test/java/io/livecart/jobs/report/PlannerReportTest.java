package io.livecart.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.nightly.Nightly;
import io.livecart.jobs.nightly.RunLedger;
import io.livecart.models.forecast.ForecastAccuracy;
import io.livecart.models.forecast.GmvForecast;
import io.livecart.models.registry.Registry;
import io.livecart.models.repurchase.RepurchaseModel;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night's outputs, exported and reported: CSV files with a byte-order mark and Excel quoting, the
 * workbook's Chinese sheet names, and the report rendered in headless Chromium (Debian's {@code
 * chromium}; {@code bin/test} installs it), with its charts drawn and a screenshot taken.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlannerReportTest {
  private static final LocalDate NIGHT = LocalDate.of(2030, 3, 1);
  private static final String CHROMIUM =
      Optional.ofNullable(System.getenv("LIVECART_CHROMIUM")).orElse("/usr/bin/chromium");
  @TempDir static Path root;
  private final SparkSession spark = TestSpark.session();
  private LiveCartConfig config;
  private Exports.Written exports;
  private Path report;

  @BeforeAll
  void writeTheNight() {
    config = TestSpark.config(root);
    outputs();
    exports = Exports.write(spark, config, NIGHT);
    report = Path.of(PlannerReport.write(spark, config, NIGHT, "nightly-test").toString());
  }

  private void outputs() {
    Date night = Date.valueOf(NIGHT);
    List<Row> gmv = new ArrayList<>();
    for (int h = 1; h <= 3; h++) {
      Date day = Date.valueOf(NIGHT.plusDays(h));
      gmv.add(
          RowFactory.create(
              night,
              "total",
              "全部",
              day,
              money(1000),
              money(800),
              money(1200),
              money(700),
              money(1300),
              "model"));
      gmv.add(
          RowFactory.create(
              night,
              "category",
              "美妆护肤",
              day,
              money(600),
              money(500),
              money(700),
              money(400),
              money(800),
              "model"));
    }
    write(
        new Table(Table.ML, "gmv_forecast"),
        gmv,
        new StructType()
            .add("as_of_date", DataTypes.DateType)
            .add("level", DataTypes.StringType)
            .add("series_key", DataTypes.StringType)
            .add("forecast_date", DataTypes.DateType)
            .add("gmv_forecast", DataTypes.createDecimalType(18, 2))
            .add("gmv_lower_80", DataTypes.createDecimalType(18, 2))
            .add("gmv_upper_80", DataTypes.createDecimalType(18, 2))
            .add("gmv_lower_95", DataTypes.createDecimalType(18, 2))
            .add("gmv_upper_95", DataTypes.createDecimalType(18, 2))
            .add("forecaster", DataTypes.StringType));
    // Actuals: the total sold 900 a day over the three weeks before the night, except one day
    // without sales; the category sold on the last week only.
    List<Row> lines = new ArrayList<>();
    for (int d = 20; d >= 0; d--) {
      if (d != 10) {
        lines.add(
            RowFactory.create(
                Date.valueOf(NIGHT.minusDays(d)), true, money(d < 7 ? 500 : 900), "美妆护肤", "A1"));
      }
    }
    write(
        new Table(Table.GOLD, "fact_order_lines"),
        lines,
        new StructType()
            .add("order_date", DataTypes.DateType)
            .add("is_paid", DataTypes.BooleanType)
            .add("pay_amount", DataTypes.createDecimalType(18, 2))
            .add("category_l1", DataTypes.StringType)
            .add("anchor_id", DataTypes.StringType));
    write(
        ForecastAccuracy.TABLE,
        List.of(
            RowFactory.create(
                night,
                7,
                Date.valueOf(NIGHT.minusDays(7)),
                "total",
                "model",
                1L,
                7L,
                money(6300),
                money(5900),
                0.0873,
                -0.0635,
                0.8571,
                1.0)),
        new StructType()
            .add("run_date", DataTypes.DateType)
            .add("lag_days", DataTypes.IntegerType)
            .add("as_of_date", DataTypes.DateType)
            .add("level", DataTypes.StringType)
            .add("forecaster", DataTypes.StringType)
            .add("series", DataTypes.LongType)
            .add("points", DataTypes.LongType)
            .add("actual_gmv", DataTypes.createDecimalType(18, 2))
            .add("forecast_gmv", DataTypes.createDecimalType(18, 2))
            .add("wape", DataTypes.DoubleType)
            .add("bias", DataTypes.DoubleType)
            .add("coverage_80", DataTypes.DoubleType)
            .add("coverage_95", DataTypes.DoubleType));
    // The backtest of the night's training, and of a later one the report must not show.
    StructType seriesAccuracy =
        new StructType()
            .add("run_date", DataTypes.DateType)
            .add("level", DataTypes.StringType)
            .add("series_key", DataTypes.StringType)
            .add("forecaster", DataTypes.StringType)
            .add("points", DataTypes.IntegerType)
            .add("actual_gmv", DataTypes.createDecimalType(18, 2))
            .add("wape", DataTypes.DoubleType)
            .add("bias", DataTypes.DoubleType)
            .add("coverage_80", DataTypes.DoubleType)
            .add("coverage_95", DataTypes.DoubleType);
    Date later = Date.valueOf(NIGHT.plusDays(1));
    write(
        GmvForecast.BACKTEST_SERIES,
        List.of(
            RowFactory.create(
                night, "total", "全部", "model", 84, money(9000), 0.1234, 0.01, 0.8, 0.9),
            RowFactory.create(
                night, "total", "全部", "seasonal_naive", 84, money(9000), 0.2345, 0.0, 0.7, 0.9),
            RowFactory.create(
                night, "category", "美妆护肤", "model", 84, money(5000), 0.3456, 0.02, 0.8, 0.9),
            RowFactory.create(
                night,
                "category",
                "美妆护肤",
                "seasonal_naive",
                84,
                money(5000),
                0.2567,
                0.0,
                0.7,
                0.9),
            RowFactory.create(
                later, "total", "全部", "model", 84, money(9000), 0.9876, 0.01, 0.8, 0.9)),
        seriesAccuracy);
    write(
        new Table(Table.ML, "replenishment_plan"),
        List.of(
            plan(night, 2, "SKU2", "精华 礼盒装", 40L, 48L, false),
            plan(night, 1, "SKU1", "面膜 经典款", 3L, 96L, true),
            plan(night, 3, "SKU3", "口红", 500L, 0L, false)),
        new StructType()
            .add("as_of_date", DataTypes.DateType)
            .add("urgency", DataTypes.IntegerType)
            .add("sku_id", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("warehouse_id", DataTypes.StringType)
            .add("abc_class", DataTypes.StringType)
            .add("on_hand", DataTypes.LongType)
            .add("on_order", DataTypes.LongType)
            .add("reorder_point", DataTypes.DoubleType)
            .add("order_qty", DataTypes.LongType)
            .add("order_value", DataTypes.createDecimalType(18, 2))
            .add("days_of_cover", DataTypes.DoubleType)
            .add("projected_stockout_date", DataTypes.DateType)
            .add("stockout_risk", DataTypes.BooleanType)
            .add("daily_forecast", DataTypes.createArrayType(DataTypes.DoubleType)));
    write(
        new Table(Table.ML, "selection_scores"),
        List.of(
            RowFactory.create(
                night, 1, "SKU1", "面膜 经典款", "美妆护肤", 0.9, 120.0, 30.0, 0.3, 0.1, 300L, 1.0),
            RowFactory.create(
                night, 2, "SKU3", "口红", "美妆护肤", 0.4, 10.0, 50.0, 0.2, 0.05, 500L, 1.0)),
        new StructType()
            .add("as_of_date", DataTypes.DateType)
            .add("selection_rank", DataTypes.IntegerType)
            .add("sku_id", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("category_l1", DataTypes.StringType)
            .add("score", DataTypes.DoubleType)
            .add("forecast_units", DataTypes.DoubleType)
            .add("profit_per_unit", DataTypes.DoubleType)
            .add("conversion_rate", DataTypes.DoubleType)
            .add("repurchase_rate", DataTypes.DoubleType)
            .add("on_hand", DataTypes.LongType)
            .add("stock_cover", DataTypes.DoubleType));
    write(
        new Table(Table.GOLD, "alerts"),
        List.of(
            RowFactory.create(
                night,
                "low_conversion",
                "live_session",
                "LS1",
                0.12,
                0.15,
                "转化率 12.0%, 低于 \"15%\"")),
        new StructType()
            .add("alert_date", DataTypes.DateType)
            .add("alert_type", DataTypes.StringType)
            .add("subject_type", DataTypes.StringType)
            .add("subject_id", DataTypes.StringType)
            .add("value", DataTypes.DoubleType)
            .add("threshold", DataTypes.DoubleType)
            .add("message", DataTypes.StringType));
    // The night's broadcasts LS8 (GMV 300.00, tier S) and LS9 (50.00, tier C), and LS7 of the
    // night before, which the report must not show.
    Date before = Date.valueOf(NIGHT.minusDays(1));
    write(
        new Table(Table.GOLD, "session_benchmark"),
        List.of(
            benchmark(night, "LS8", 300, 2.5, "S"),
            benchmark(night, "LS9", 50, 0.4166, "C"),
            benchmark(before, "LS7", 120, 1.0, "A")),
        new StructType()
            .add("live_session_id", DataTypes.StringType)
            .add("session_date", DataTypes.DateType)
            .add("room_id", DataTypes.StringType)
            .add("anchor_id", DataTypes.StringType)
            .add("gmv", DataTypes.createDecimalType(28, 2))
            .add("uv", DataTypes.LongType)
            .add("conversion_rate", DataTypes.DoubleType)
            .add("gpm", DataTypes.createDecimalType(38, 7))
            .add("previous_gmv", DataTypes.createDecimalType(28, 2))
            .add("gmv_median_30d", DataTypes.DoubleType)
            .add("gmv_p75_30d", DataTypes.DoubleType)
            .add("gmv_vs_median_30d", DataTypes.DoubleType)
            .add("gmv_tier", DataTypes.StringType));
    write(
        new Table(Table.GOLD, "session_curve"),
        List.of(
            curve(night, "LS9", 0, 4L, 0L, 0, true, null),
            curve(night, "LS9", 5, 2L, 2L, 50, false, 1),
            curve(night, "LS8", 0, 10L, 0L, 100, false, null),
            curve(night, "LS8", 5, 12L, 3L, 200, true, 1),
            curve(night, "LS8", 10, 9L, 1L, 0, false, 2),
            curve(before, "LS7", 0, 5L, 0L, 120, true, null)),
        new StructType()
            .add("live_session_id", DataTypes.StringType)
            .add("session_date", DataTypes.DateType)
            .add("room_id", DataTypes.StringType)
            .add("minute_offset", DataTypes.IntegerType)
            .add("online_viewers", DataTypes.LongType)
            .add("entries", DataTypes.LongType)
            .add("exits", DataTypes.LongType)
            .add("paid_orders", DataTypes.LongType)
            .add("gmv", DataTypes.createDecimalType(28, 2))
            .add("is_peak", DataTypes.BooleanType)
            .add("exit_rank", DataTypes.IntegerType));
    write(
        Table.RECONCILIATION,
        List.of(
            RowFactory.create("silver", "orders", "quarantined", "negative_amount", 7L, night),
            RowFactory.create("silver", "orders", "accepted", null, 900L, night)),
        new StructType()
            .add("layer", DataTypes.StringType)
            .add("source", DataTypes.StringType)
            .add("outcome", DataTypes.StringType)
            .add("reason", DataTypes.StringType)
            .add("rows", DataTypes.LongType)
            .add("_dt", DataTypes.DateType));
    // The night's repurchase scores: U1 at high risk, U2 and U4 at medium (U2 worth more), U3 at
    // none; the touch list leaves U3 out and puts U1 first, then U2.
    write(
        RepurchaseModel.SCORES,
        List.of(
            score(night, "U1", "high", "sms", 2, 0.12, 150.0),
            score(night, "U2", "medium", "call", 1, 0.45, 900.0),
            score(night, "U3", "low", "coupon", 0, 0.81, 2000.0),
            score(night, "U4", "medium", "call", 1, 0.30, 40.0)),
        new StructType()
            .add("as_of_date", DataTypes.DateType)
            .add("user_id", DataTypes.StringType)
            .add("probability", DataTypes.DoubleType)
            .add("decile", DataTypes.IntegerType)
            .add("segment_zh", DataTypes.StringType)
            .add("p_alive", DataTypes.DoubleType)
            .add("expected_purchases", DataTypes.DoubleType)
            .add("clv", DataTypes.DoubleType)
            .add("recency_days", DataTypes.IntegerType)
            .add("frequency_365d", DataTypes.LongType)
            .add("monetary_365d", DataTypes.DoubleType)
            .add("churn_signals", DataTypes.IntegerType)
            .add("churn_risk", DataTypes.StringType)
            .add("suggested_touch", DataTypes.StringType)
            .add("model_version", DataTypes.StringType));
    // The runs of the night after: the GMV training skipped for want of amounts, then a run resumed
    // from it, whose skip says only that; the forecast skipped without a model; gold succeeded; the
    // repurchase training not due, the scoring done.
    write(
        RunLedger.RUNS,
        List.of(
            run("run-1", 1, "gold", "succeeded", null),
            run("run-1", 2, "train_gmv", "skipped", "every paid order is worth 0.00"),
            run("run-1", 3, "forecast_gmv", "failed", "the disk is full"),
            run("run-2", 4, "train_gmv", "resumed", "finished in run run-1; resumed after it"),
            run("run-2", 5, "forecast_gmv", "skipped", "no GMV model has been promoted"),
            run("run-2", 6, "train_repurchase", "skipped", "retrained every 7 days"),
            run("run-2", 7, "score_repurchase", "succeeded", null)),
        new StructType()
            .add("run_id", DataTypes.StringType)
            .add("command", DataTypes.StringType)
            .add("from_date", DataTypes.DateType)
            .add("to_date", DataTypes.DateType)
            .add("step", DataTypes.StringType)
            .add("status", DataTypes.StringType)
            .add("started_at", DataTypes.TimestampType)
            .add("error", DataTypes.StringType));
    Registry.record(
        spark,
        config,
        new Registry.Entry(
            "replenishment",
            "replenishment-20300301",
            "nightly-test",
            NIGHT,
            NIGHT.minusDays(364),
            NIGHT,
            NIGHT.minusDays(97),
            NIGHT.minusDays(69),
            Map.of(),
            Map.of("policy.fill_rate", 0.9598, "policy.inventory_saving", 0.304),
            List.of(),
            "",
            Registry.Promotion.promoted("fill rate 0.9598")));
  }

  private static Row plan(
      Date night, int urgency, String sku, String name, long onHand, long order, boolean risk) {
    return RowFactory.create(
        night,
        urgency,
        sku,
        name,
        "WH_EAST",
        "A",
        onHand,
        0L,
        50.0,
        order,
        money(order * 12),
        onHand / 10.0,
        risk ? Date.valueOf(NIGHT.plusDays(1)) : null,
        risk,
        List.of(10.0, 10.5));
  }

  private static Row score(
      Date night,
      String user,
      String risk,
      String touch,
      int signals,
      double probability,
      double clv) {
    return RowFactory.create(
        night,
        user,
        probability,
        probability > 0.5 ? 1 : 5,
        "重要价值",
        0.9,
        probability * 2,
        clv,
        20,
        3L,
        clv / 2,
        signals,
        risk,
        touch,
        "repurchase-20300301");
  }

  private static Row run(String runId, int minute, String step, String status, String reason) {
    Date after = Date.valueOf(NIGHT.plusDays(1));
    return RowFactory.create(
        runId,
        Nightly.NIGHTLY,
        after,
        after,
        step,
        status,
        Timestamp.valueOf(NIGHT.plusDays(2).atTime(1, minute)),
        reason);
  }

  private static Row benchmark(Date day, String session, long gmv, double vsMedian, String tier) {
    return RowFactory.create(
        session,
        day,
        "R1",
        "A1",
        money(gmv),
        100L,
        0.05,
        BigDecimal.valueOf(gmv * 10L).setScale(7),
        money(120),
        120.0,
        150.0,
        vsMedian,
        tier);
  }

  private static Row curve(
      Date day,
      String session,
      int minute,
      long online,
      long exits,
      long gmv,
      boolean peak,
      Integer exitRank) {
    return RowFactory.create(
        session,
        day,
        "R1",
        minute,
        online,
        1L,
        exits,
        gmv > 0 ? 1L : 0L,
        money(gmv),
        peak,
        exitRank);
  }

  private static BigDecimal money(long value) {
    return BigDecimal.valueOf(value).setScale(2);
  }

  private void write(Table table, List<Row> rows, StructType schema) {
    DeltaWrites.replace(spark, config, table, spark.createDataFrame(rows, schema), null);
  }

  @Test
  void csvFilesCarryAByteOrderMarkAndQuoteLikeExcel() throws IOException {
    Path folder = report.getParent();
    byte[] alerts = Files.readAllBytes(folder.resolve("alerts.csv"));
    assertThat(alerts).startsWith(0xEF, 0xBB, 0xBF);
    List<String> lines = Files.readAllLines(folder.resolve("alerts.csv"), StandardCharsets.UTF_8);
    assertThat(lines.get(0))
        .isEqualTo("\uFEFFalert_date,alert_type,subject_type,subject_id,value,threshold,message");
    assertThat(lines.get(1))
        .isEqualTo(
            "2030-03-01,low_conversion,live_session,LS1,0.12,0.15,\"转化率 12.0%, 低于 \"\"15%\"\"\"");
    // the plan by urgency; arrays joined by semicolons
    List<String> plan =
        Files.readAllLines(folder.resolve("replenishment_plan.csv"), StandardCharsets.UTF_8);
    assertThat(plan).hasSize(4);
    assertThat(plan.get(1)).contains(",1,SKU1,面膜 经典款,").endsWith(",10.0;10.5");
    assertThat(plan.get(3)).contains(",3,SKU3,");
    assertThat(exports.rows())
        .containsEntry("alerts", 1L)
        .containsEntry("gmv_forecast", 6L)
        .containsEntry("replenishment_plan", 3L)
        .containsEntry("selection_scores", 2L)
        .containsEntry("repurchase_scores", 4L);
  }

  @Test
  void theWorkbookHasASheetPerOutput() throws IOException {
    try (ZipFile xlsx =
        new ZipFile(report.getParent().resolve("livecart-" + NIGHT + ".xlsx").toFile())) {
      String workbook =
          new String(
              xlsx.getInputStream(xlsx.getEntry("xl/workbook.xml")).readAllBytes(),
              StandardCharsets.UTF_8);
      // the writer escapes non-ASCII names as character references
      workbook =
          java.util.regex.Pattern.compile("&#x([0-9a-f]+);")
              .matcher(workbook)
              .replaceAll(m -> new String(Character.toChars(Integer.parseInt(m.group(1), 16))));
      assertThat(workbook).contains("告警", "GMV预测", "补货计划", "选品评分", "复购评分");
    }
  }

  @Test
  void theReportRendersInHeadlessChromiumWithItsCharts() throws Exception {
    assertThat(Path.of(CHROMIUM))
        .as("headless Chromium (Debian's chromium package; bin/test installs it)")
        .exists();
    String dom = chromium("--dump-dom", report.toUri().toString());
    // two GMV series drawn, every section rendered from the night's data
    assertThat(dom).contains("data-charts=\"2\"", "data-rendered=\"true\"");
    // each chart starts with the 8 weeks of actuals before the forecast, a day without sales as 0
    assertThat(dom)
        .contains(
            "data-series=\"total:全部\" data-actual-days=\"56\"",
            "data-series=\"category:美妆护肤\" data-actual-days=\"56\"");
    // the series the backtest served worst first, beside seasonal naive; not a later training's
    assertThat(dom).contains("0.3456", "0.2567", "0.1234", "0.2345").doesNotContain("0.9876");
    assertThat(dom.indexOf("0.3456")).isLessThan(dom.indexOf("0.1234"));
    // the accuracy of the forecast published a week before
    assertThat(dom).contains("2030-02-22", "0.0873", "-0.0635", "0.8571");
    assertThat(dom).contains("面膜 经典款", "精华 礼盒装", "转化率 12.0%, 低于 \"15%\"", "negative_amount");
    assertThat(dom).contains("fill rate 0.9598, 30.4% less stock than naive");
    // the SKU at risk comes first and is marked; the SKU with nothing to order is not listed
    assertThat(dom.indexOf("面膜 经典款")).isLessThan(dom.indexOf("精华 礼盒装"));
    assertThat(dom).contains("<tr class=\"risk\">");
    // the night's broadcasts against their rooms, the best first, each with its curve
    assertThat(dom)
        .contains(
            "data-session-charts=\"2\"",
            "data-session=\"LS8\" data-buckets=\"3\"",
            "data-session=\"LS9\" data-buckets=\"2\"",
            "0.4166")
        .doesNotContain("LS7");
    assertThat(dom.indexOf("LS8")).isLessThan(dom.indexOf("LS9"));
    // the repurchase scores per churn risk, and the users at risk, the most signals and value first
    assertThat(dom)
        .contains("repurchase-20300301", "15天未进直播间", "未来30天", "\"text\">短信<", "\"text\">电话<");
    assertThat(dom.indexOf("\"text\">U1<")).isLessThan(dom.indexOf("\"text\">U2<"));
    assertThat(dom.indexOf("\"text\">U2<")).isLessThan(dom.indexOf("\"text\">U4<"));
    assertThat(dom).doesNotContain("\"text\">U3<");
    // every model step ran: no section says a step did not
    assertThat(dom).doesNotContain("data-not-run=\"");
    Path screenshot = Path.of("target", "planner-report.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    chromium("--window-size=1280,2000", "--screenshot=" + screenshot, report.toUri().toString());
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isGreaterThan(20_000);
  }

  @Test
  void anEmptySectionSaysWhyItsStepsDidNotRun() throws Exception {
    Path after = Path.of(PlannerReport.write(spark, config, NIGHT.plusDays(1), "run-2").toString());
    String dom = chromium("--dump-dom", after.toUri().toString());
    assertThat(dom).contains("data-rendered=\"true\"", "data-charts=\"0\"", "data-empty=\"gmv\"");
    // each step's latest outcome of the night: the first run's skip, not the resumed run's
    assertThat(dom)
        .contains(
            "train_gmv 跳过: every paid order is worth 0.00",
            "forecast_gmv 跳过: no GMV model has been promoted")
        .doesNotContain("resumed after it", "the disk is full", "gold 跳过");
    // the repurchase sections are empty though scored (no user at risk): the training not due
    // tonight is no reason
    assertThat(dom).contains("data-empty=\"repurchase_touch\"");
    assertThat(dom).doesNotContain("data-not-run=\"train_repurchase\"");
  }

  private static String chromium(String... arguments) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory("chromium")));
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    return out;
  }
}
