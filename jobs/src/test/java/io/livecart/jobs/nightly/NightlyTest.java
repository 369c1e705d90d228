package io.livecart.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.ExitCode;
import io.livecart.core.LiveCartException;
import io.livecart.core.TestSpark;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightlyTest {
  private static final LocalDate NIGHT = LocalDate.of(2025, 3, 1);

  @TempDir Path root;

  private final SparkSession spark = TestSpark.session();

  private LiveCartConfig config() {
    return ConfigLoader.load(Optional.empty(), Map.of(), List.of("paths.root=" + root));
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

  @Test
  void eachStepIsRecordedAndResumingAFinishedNightSkipsThemAll() throws IOException {
    landOneOrder();

    Nightly.Result first =
        Nightly.of(spark, config(), "nightly", List.of(NIGHT), "run-1", false).execute();
    Nightly.Result resumed =
        Nightly.of(spark, config(), "nightly", List.of(NIGHT), "run-2", true).execute();

    assertThat(first.steps())
        .extracting(s -> s.step().label() + " " + s.status())
        .containsExactly(
            "ingest succeeded",
            "silver succeeded",
            "gold succeeded",
            "train_repurchase skipped",
            "train_gmv skipped",
            "train_replenishment skipped",
            "score_repurchase skipped",
            "forecast_gmv skipped",
            "plan_replenishment skipped",
            "score_selection skipped",
            "publish succeeded",
            "report succeeded");
    // One day of orders is no history to learn from, so nothing was promoted to score with.
    assertThat(first.steps().get(3).note()).startsWith("not enough history");
    assertThat(first.steps().get(4).note()).startsWith("not enough history");
    assertThat(first.steps().get(5).note()).startsWith("not enough history");
    assertThat(first.steps().get(6).note()).isEqualTo("no promoted repurchase model yet");
    assertThat(first.steps().get(7).note()).isEqualTo("no gmv_forecast model trained yet");
    assertThat(first.steps().get(8).note()).isEqualTo("no replenishment model trained yet");
    assertThat(first.steps().get(9).note())
        .isEqualTo("no replenishment plan as of " + NIGHT + " (it forecasts the demand scored)");
    assertThat(resumed.steps()).extracting(Nightly.StepResult::status).containsOnly("skipped");
    long goldRows =
        first.gold().orElseThrow().tables().stream().mapToLong(DeltaWrites.Written::rows).sum();
    long exported = first.steps().get(11).outcome().rowsOut();
    assertThat(first.report())
        .hasValue(root.resolve("reports/" + NIGHT + "/report.html").toString());
    assertThat(root.resolve("reports/" + NIGHT + "/alerts.csv")).exists();
    assertThat(goldRows).isPositive();
    assertThat(ledger())
        .containsExactly(
            "run-1 ingest running",
            "run-1 ingest succeeded 1 1",
            "run-1 silver running",
            "run-1 silver succeeded 1 1",
            "run-1 gold running",
            "run-1 gold succeeded " + goldRows,
            "run-1 train_repurchase skipped",
            "run-1 train_gmv skipped",
            "run-1 train_replenishment skipped",
            "run-1 score_repurchase skipped",
            "run-1 forecast_gmv skipped",
            "run-1 plan_replenishment skipped",
            "run-1 score_selection skipped",
            "run-1 publish running",
            "run-1 publish succeeded 1",
            "run-1 report running",
            "run-1 report succeeded " + exported,
            "run-2 ingest skipped",
            "run-2 silver skipped",
            "run-2 gold skipped",
            "run-2 train_repurchase skipped",
            "run-2 train_gmv skipped",
            "run-2 train_replenishment skipped",
            "run-2 score_repurchase skipped",
            "run-2 forecast_gmv skipped",
            "run-2 plan_replenishment skipped",
            "run-2 score_selection skipped",
            "run-2 publish skipped",
            "run-2 report skipped");
    assertThat(
            spark
                .sql("DESCRIBE DETAIL delta.`" + RunLedger.RUNS.path(config()) + "`")
                .first()
                .<String>getAs("description"))
        .startsWith("The run ledger");
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
