package io.livecart.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.ExitCode;
import io.livecart.core.LiveCartException;
import io.livecart.core.TestSpark;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Table;
import io.livecart.core.warehouse.TableContracts;
import io.livecart.core.warehouse.TableProtocols;
import io.livecart.jobs.gold.DataTests;
import io.livecart.jobs.gold.Gold;
import io.livecart.jobs.ingest.Ingest;
import io.livecart.jobs.ledger.SourceFreshness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightlyTest {
  private static final LocalDate NIGHT = LocalDate.of(2025, 3, 1);

  @TempDir Path root;

  private final SparkSession spark = TestSpark.session();

  private LiveCartConfig config() {
    return TestSpark.config(root);
  }

  private void landOneOrder() throws IOException {
    Path folder = root.resolve("landing/orders/dt=" + NIGHT);
    Files.createDirectories(folder);
    Files.writeString(
        folder.resolve("part-00000.csv"),
        "order_id,line_no,user_id,sku_id,quantity,unit_price,discount_amount,pay_amount,"
            + "refund_amount,status,created_at,paid_at,updated_at,live_session_id,"
            + "traffic_source,coupon_id,platform,province\n"
            + "O1,1,U1,SKU1,2,10.50,0.00,21.00,0.00,paid,2025-03-01T20:00:00+08:00,"
            + "2025-03-01T20:01:00+08:00,2025-03-01T20:01:00+08:00,LS1,natural,,douyin,上海\n");
  }

  private List<String> ledger() {
    return spark
        .read()
        .format("delta")
        .load(RunLedger.RUNS.path(config()))
        .orderBy("started_at", "step", "ended_at")
        .selectExpr("concat_ws(' ', run_id, step, status, rows_in, rows_out)")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  /**
   * One night four times, on a warehouse where a killed run left first writes without their commit
   * (only {@code _delta_log/_staged_commits} and a data file no commit names): the very first table
   * (the run ledger), a silver table and a gold one. gold.fact_order_lines holds, on a day the
   * night does not rebuild, an order line twice (and of a user no dimension knows).
   *
   * <ol>
   *   <li>run-1 repairs them, and in it a gold table fails (rfm, by a window its SQL cannot use):
   *       it skips only what reads it (alerts), every other table is built, and the night goes on
   *       with the steps that do not need them; publishing needs alerts, so the night is not
   *       published, and the run ends with the failure's exit code;
   *   <li>run-2 resumes it: only rfm and alerts are built, then gold's data tests fail on the
   *       duplicate line: exit code 3, nothing published;
   *   <li>once the line is deleted, run-3 resumes it: no table is built again, the tests pass, and
   *       the night is published and reported;
   *   <li>run-4 resumes a finished night: every step is skipped.
   * </ol>
   */
  @Test
  void killedFirstWritesAFailedGoldTableAndAFailedDataTestAreRepairedAndResumedStepByStep()
      throws IOException {
    landOneOrder();
    for (String table : List.of("ops/runs", "silver/orders", "gold/basket_rules")) {
      Path folder = root.resolve("warehouse/" + table);
      Files.createDirectories(folder.resolve("_delta_log/_staged_commits"));
      Files.write(folder.resolve("part-00000-killed.snappy.parquet"), new byte[] {'P', 'A', 'R'});
    }
    DeltaWrites.replace(
        spark,
        config(),
        new Table(Table.GOLD, "fact_order_lines"),
        spark.sql(
            "SELECT 'O0' AS order_id, 1 AS line_no, DATE'2025-02-01' AS order_date,"
                + " CAST(NULL AS DATE) AS paid_date, 'U0' AS user_id FROM range(2)"),
        null,
        "order_date");
    LiveCartConfig broken =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of("paths.root=" + root, "gold.parameters.rfm_window_days=1.5"));

    Nightly.Result failed =
        Nightly.of(spark, broken, "nightly", List.of(NIGHT), "run-1", false).execute();
    Nightly.Result tested =
        Nightly.of(spark, config(), "nightly", List.of(NIGHT), "run-2", true).execute();
    List<String> failedTests =
        spark
            .sql(
                "SELECT concat_ws(' ', test, status, failures) FROM delta.`"
                    + DataTests.TABLE.path(config())
                    + "` WHERE table_name = 'gold.fact_order_lines' AND status <> 'pass'")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    spark.sql("DELETE FROM gold.fact_order_lines WHERE order_id = 'O0'");
    Nightly.Result resumed =
        Nightly.of(spark, config(), "nightly", List.of(NIGHT), "run-3", true).execute();
    Nightly.Result finished =
        Nightly.of(spark, config(), "nightly", List.of(NIGHT), "run-4", true).execute();

    assertThat(failed.steps())
        .extracting(s -> s.step().label() + " " + s.status())
        .containsExactly(
            "ingest succeeded",
            "silver succeeded",
            "gold failed",
            "train_repurchase upstream_failed", // it reads gold.rfm
            "train_gmv skipped",
            "train_replenishment skipped",
            "score_repurchase upstream_failed",
            "forecast_gmv skipped",
            "plan_replenishment skipped",
            "score_selection skipped",
            "publish upstream_failed",
            "report upstream_failed",
            "maintain upstream_failed");
    assertThat(spark.sql("SELECT order_id, quantity FROM silver.orders").collectAsList())
        .extracting(Object::toString)
        .containsExactly("[O1,2]");
    Row detail = spark.sql("DESCRIBE DETAIL silver.orders").first();
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsKey("delta.constraints.absurd_amount");
    Gold.Result gold = failed.gold().orElseThrow();
    assertThat(gold.failed()).containsOnlyKeys("rfm");
    assertThat(gold.failed().get("rfm")).contains("date_sub");
    assertThat(gold.skipped()).containsExactly(Map.entry("alerts", "rfm"));
    assertThat(gold.tables()).hasSize(27);
    assertThat(spark.sql("SELECT count(*) FROM gold.basket_rules").first().getLong(0)).isZero();
    assertThat(failed.failure())
        .get()
        .extracting(LiveCartException::exitCode)
        .isEqualTo(ExitCode.INTERNAL_ERROR);
    assertThat(failed.failure().get().getMessage()).contains("Step gold failed", "rfm", "--resume");
    assertThat(failed.steps().get(3).note())
        .isEqualTo("reads gold.rfm, not built tonight (gold failed)");
    assertThat(failed.steps().get(10).note())
        .isEqualTo("reads gold.alerts, not built tonight (gold failed)");

    assertThat(tested.gold().orElseThrow().tables())
        .extracting(w -> w.table().name())
        .containsExactly("rfm", "alerts");
    assertThat(tested.failure())
        .get()
        .extracting(LiveCartException::exitCode)
        .isEqualTo(ExitCode.DATA_QUALITY);
    assertThat(tested.failure().get().getMessage())
        .contains("gold.fact_order_lines unique(order_id, line_no): 1", "--resume");
    assertThat(failedTests)
        .containsExactlyInAnyOrder(
            "unique(order_id, line_no) error 1",
            "relationships(user_id -> dim_user.user_id) warn 1",
            // The night's order names session LS1, whose live_sessions file never came.
            "relationships(live_session_id -> dim_live_session.live_session_id) warn 1");

    assertThat(resumed.failure()).isEmpty();
    assertThat(resumed.gold().orElseThrow().tables()).isEmpty();
    assertThat(resumed.steps())
        .extracting(s -> s.step().label() + " " + s.status())
        .containsExactly(
            "ingest resumed",
            "silver resumed",
            "gold succeeded",
            "train_repurchase skipped",
            "train_gmv skipped",
            "train_replenishment skipped",
            "score_repurchase skipped",
            "forecast_gmv skipped",
            "plan_replenishment skipped",
            "score_selection skipped",
            "publish succeeded",
            "report succeeded",
            "maintain skipped");
    // One day of orders is no history to learn from, so nothing was promoted to score with. The
    // steps run-1 skipped as not due are not run again; those it could not run are, now.
    assertThat(failed.steps().get(4).note()).startsWith("not enough history");
    assertThat(failed.steps().get(7).note()).isEqualTo("no gmv_forecast model trained yet");
    assertThat(failed.steps().get(8).note()).isEqualTo("no replenishment model trained yet");
    assertThat(failed.steps().get(9).note())
        .isEqualTo("no replenishment plan as of " + NIGHT + " (it forecasts the demand scored)");
    assertThat(resumed.steps().get(3).note()).startsWith("not enough history");
    // run-2's failed data tests held back every later step: run-3 runs them (not due, here).
    assertThat(resumed.steps().get(4).note()).startsWith("not enough history");
    assertThat(resumed.steps().get(6).note()).isEqualTo("no promoted repurchase model yet");
    assertThat(resumed.steps().get(12).note()).isEqualTo("off (livecart.maintenance.night)");
    assertThat(finished.steps()).extracting(Nightly.StepResult::status).containsOnly("resumed");
    assertThat(finished.steps().get(0).note())
        .isEqualTo("finished in run run-3 (succeeded, or not due); resumed after it");
    // Every table a night writes stays open to delta-rs, DuckDB and Trino (issue 19).
    assertThat(TableProtocols.assertOpenToCommonReaders(spark, root.resolve("warehouse")))
        .isGreaterThan(30);
    // ... and has the columns sql/tables.conf declares for it (docs/tables.md).
    assertThat(TableContracts.assertAsDeclared(spark, config())).isGreaterThan(30);
    long exported = resumed.steps().get(11).outcome().rowsOut();
    assertThat(resumed.report())
        .hasValue(root.resolve("reports/" + NIGHT + "/report.html").toString());
    assertThat(root.resolve("reports/" + NIGHT + "/alerts.csv")).exists();
    assertThat(goldRows(failed)).isPositive();
    List<String> expected =
        new ArrayList<>(
            List.of(
                "run-1 ingest running",
                "run-1 ingest succeeded 1 1",
                "run-1 silver running",
                "run-1 silver succeeded 1 1",
                "run-1 gold running",
                "run-1 gold failed " + goldRows(failed),
                "run-1 train_repurchase upstream_failed",
                "run-1 train_gmv skipped",
                "run-1 train_replenishment skipped",
                "run-1 score_repurchase upstream_failed",
                "run-1 forecast_gmv skipped",
                "run-1 plan_replenishment skipped",
                "run-1 score_selection skipped",
                "run-1 publish upstream_failed",
                "run-1 report upstream_failed",
                "run-1 maintain upstream_failed",
                "run-2 ingest resumed",
                "run-2 silver resumed",
                "run-2 gold running",
                "run-2 gold failed " + goldRows(tested),
                "run-2 train_repurchase upstream_failed",
                "run-2 train_gmv upstream_failed",
                "run-2 train_replenishment upstream_failed",
                "run-2 score_repurchase upstream_failed",
                "run-2 forecast_gmv upstream_failed",
                "run-2 plan_replenishment upstream_failed",
                "run-2 score_selection upstream_failed",
                "run-2 publish upstream_failed",
                "run-2 report upstream_failed",
                "run-2 maintain upstream_failed",
                "run-3 ingest resumed",
                "run-3 silver resumed",
                "run-3 gold running",
                "run-3 gold succeeded 0",
                "run-3 train_repurchase skipped",
                "run-3 train_gmv skipped",
                "run-3 train_replenishment skipped",
                "run-3 score_repurchase skipped",
                "run-3 forecast_gmv skipped",
                "run-3 plan_replenishment skipped",
                "run-3 score_selection skipped",
                "run-3 publish running",
                "run-3 publish succeeded 1",
                "run-3 report running",
                "run-3 report succeeded " + exported,
                "run-3 maintain skipped"));
    for (Nightly.Step step : Nightly.Step.values()) {
      expected.add("run-4 " + step.label() + " resumed");
    }
    assertThat(ledger()).containsExactlyElementsOf(expected);
    assertThat(
            spark
                .sql("DESCRIBE DETAIL delta.`" + RunLedger.RUNS.path(config()) + "`")
                .first()
                .<String>getAs("description"))
        .startsWith("The run ledger");
  }

  private static long goldRows(Nightly.Result result) {
    return result.gold().orElseThrow().tables().stream().mapToLong(DeltaWrites.Written::rows).sum();
  }

  /**
   * The viewing logs of a shop that broadcasts every night stop: two days delivered 25 visits each,
   * the night none. The night fails loudly at ingest with exit code 3, every later step unrun
   * (nothing is built or published from it), and ops.source_freshness says why for each source.
   */
  @Test
  void aNightWithoutItsViewingLogsFailsWithExitCode3AndNothingIsBuilt() throws IOException {
    landOneOrder();
    List<LocalDate> history = List.of(NIGHT.minusDays(2), NIGHT.minusDays(1));
    for (LocalDate day : history) {
      StringBuilder visits = new StringBuilder();
      for (int i = 0; i < 25; i++) {
        visits.append(
            String.format(
                "{\"live_session_id\":\"LS1\",\"user_id\":\"U%d\",\"enter_at\":\"%sT20:00:00+08:00\","
                    + "\"leave_at\":\"%sT20:30:00+08:00\",\"channel\":\"natural\"}%n",
                i, day, day));
      }
      Path folder = root.resolve("landing/viewing/dt=" + day);
      Files.createDirectories(folder);
      Files.writeString(folder.resolve("part-00000.jsonl"), visits);
    }
    // A shop that broadcasts every night judges its viewing logs by volume too.
    LiveCartConfig everyNight =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of(
                "paths.root=" + root,
                "freshness.sources.viewing.warn-below=0.5",
                "freshness.sources.viewing.error-below=0.1"));
    Ingest.of(spark, everyNight, new TreeSet<>(history), "history").execute();

    Nightly.Result night =
        Nightly.of(spark, everyNight, "nightly", List.of(NIGHT), "run-1", false).execute();

    assertThat(night.failure())
        .get()
        .extracting(LiveCartException::exitCode)
        .isEqualTo(ExitCode.DATA_QUALITY);
    assertThat(night.failure().get().getMessage())
        .contains(
            "Source freshness failed on 2025-03-01: viewing: 0 rows, 0% of the median 25 of its"
                + " landing days in the 28 before",
            "--resume");
    assertThat(night.steps())
        .extracting(Nightly.StepResult::status)
        .containsExactly(
            "failed",
            "upstream_failed",
            "upstream_failed",
            "upstream_failed",
            "upstream_failed",
            "upstream_failed",
            "upstream_failed",
            "upstream_failed",
            "upstream_failed",
            "upstream_failed",
            "upstream_failed",
            "upstream_failed",
            "upstream_failed");
    assertThat(
            spark
                .read()
                .format("delta")
                .load(SourceFreshness.TABLE.path(everyNight))
                .orderBy("source")
                .selectExpr("concat_ws(' ', source, status, newest_day, lag_days, rows)")
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly(
            "ad_spend not_delivered 0",
            "interactions not_delivered 0",
            "inventory not_delivered 0",
            "live_sessions not_delivered 0",
            "orders pass 2025-03-01 0 1",
            "products not_delivered 0",
            "users not_delivered 0",
            "viewing error 2025-02-28 1 0");
    assertThat(root.resolve("warehouse/silver/orders")).doesNotExist();
  }

  @Test
  void aSecondRunOnTheSameWarehouseRefusesWithExitCode4() throws IOException {
    landOneOrder();
    try (WarehouseLock held = WarehouseLock.take(config(), "run-1").orElseThrow()) {
      assertThatThrownBy(
              () ->
                  Nightly.of(spark, config(), "nightly", List.of(NIGHT), "run-2", false).execute())
          .isInstanceOf(LiveCartException.class)
          .hasMessageContaining("Another run holds the warehouse")
          .hasMessageContaining("run run-1, process " + ProcessHandle.current().pid())
          .extracting(e -> ((LiveCartException) e).exitCode())
          .isEqualTo(ExitCode.ALREADY_RUNNING);
    }
    try (WarehouseLock released = WarehouseLock.take(config(), "run-3").orElseThrow()) {
      assertThat(released).as("the lock went with its holder").isNotNull();
    }
  }
}
