package io.livecart.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livecart.core.TestSpark;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Table;
import io.livecart.core.warehouse.TableContracts;
import io.livecart.models.registry.Champions;
import io.livecart.models.registry.Registry;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Trains and forecasts on a small world of two categories sold by two anchors and outside live
 * rooms: a weekly rhythm, noise, and anchor A2 off air on a random fifth of days (announced a week
 * ahead), when it sells nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GmvForecastTest {
  private static final LocalDate START = LocalDate.of(2025, 1, 1);
  private static final LocalDate RUN = LocalDate.of(2025, 7, 1);
  private static final String[] CATEGORIES = {"美妆护肤", "食品饮料"};
  private final SparkSession spark = TestSpark.session();
  private LiveCartConfig config;
  private Registry.Trained trained;

  @BeforeAll
  void trainAndForecast() {
    config = with();
    world();
    trained = GmvForecast.train(spark, config, RUN, "test-run");
    GmvForecast.forecast(spark, config, RUN);
  }

  private void world() {
    StructType lines = GmvLines.SCHEMA;
    StructType sessions =
        new StructType()
            .add("scheduled_start", DataTypes.TimestampType)
            .add("anchor_id", DataTypes.StringType);
    List<Row> orders = new ArrayList<>();
    List<Row> schedule = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(11);
    // The schedule runs a week past the run date, as the feed publishes it.
    for (LocalDate day = START; !day.isAfter(RUN.plusDays(7)); day = day.plusDays(1)) {
      boolean a2Live = rng.nextDouble() >= 0.2;
      schedule.add(RowFactory.create(Timestamp.valueOf(day.atTime(20, 0)), "A1"));
      if (a2Live) {
        schedule.add(RowFactory.create(Timestamp.valueOf(day.atTime(19, 0)), "A2"));
      }
      if (day.isAfter(RUN)) {
        continue;
      }
      double week =
          day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY
              ? 1.4
              : 1.0;
      for (String category : CATEGORIES) {
        for (String anchor : new String[] {"A1", "A2", null}) {
          if ("A2".equals(anchor) && !a2Live) {
            continue;
          }
          double mean = (category.equals(CATEGORIES[0]) ? 1000 : 600) * week;
          double amount = mean * (0.85 + 0.3 * rng.nextDouble());
          orders.add(
              RowFactory.create(
                  Date.valueOf(day),
                  true,
                  BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP),
                  category,
                  anchor));
        }
      }
      // An unpaid order counts for nothing.
      orders.add(
          RowFactory.create(
              Date.valueOf(day), false, BigDecimal.valueOf(99999, 2), CATEGORIES[0], "A1"));
    }
    DeltaWrites.replace(
        spark,
        config,
        new Table(Table.GOLD, "fact_order_lines"),
        spark.createDataFrame(orders, lines),
        null);
    DeltaWrites.replace(
        spark,
        config,
        new Table(Table.GOLD, "dim_live_session"),
        spark.createDataFrame(schedule, sessions),
        null);
  }

  @Test
  @Order(1)
  void theBacktestBeatsBothBaselinesAndTheModelIsPromoted() {
    Map<String, Double> m = trained.entry().metrics();
    for (String level : new String[] {"total", "category", "anchor"}) {
      assertThat(m.get("model." + level + ".wape"))
          .isLessThan(m.get("seasonal_naive." + level + ".wape"))
          .isLessThan(m.get("moving_average." + level + ".wape"));
      assertThat(m).containsKeys("model." + level + ".mase", "model." + level + ".coverage_80");
    }
    // Three origins, each forecasting 28 days of the total.
    assertThat(m.get("backtest.total.points")).isEqualTo(84.0);
    // Intervals come only from earlier origins' residuals: the first origin has none, the second
    // borrows from the first's (28 of the total, 28 x 5 of the other levels).
    assertThat(m.get("model.total.interval_points")).isEqualTo(56.0);
    assertThat(trained.entry().promoted()).isTrue();
    assertThat(trained.entry().validationDate()).isEqualTo(RUN.minusDays(28 + 2 * 28));
    assertThat(trained.entry().holdoutDate()).isEqualTo(RUN.minusDays(28));
  }

  /**
   * By default the last 28 days of each fit are held out and the boosting stops once a round no
   * longer improves them; without validation days (this test's setting) every round is fitted, and
   * the version records which.
   */
  @Test
  @Order(2)
  void earlyStoppingHoldsOutTheLastDaysAndStopsTheRounds() {
    assertThat(trained.entry().parameters())
        .containsEntry("gmv_validation_days", "0")
        .containsEntry("trees", "total=15, category=15, anchor=15");

    assertThat(GmvSettings.of(ConfigLoader.load(Optional.empty(), Map.of(), List.of())))
        .extracting(GmvSettings::validationDays)
        .isEqualTo(28);
    GmvSettings settings = GmvSettings.of(with("models.parameters.gmv_validation_days=28"));
    List<Series> series = GmvForecast.load(spark, RUN);
    int last = series.get(0).last();
    GmvTrees trees =
        GmvTrees.fit(
            spark, series, GmvForecast.trainingExamples(series, settings, last), last, settings);
    for (PipelineModel model : trees.levels().values()) {
      assertThat(((GBTRegressionModel) model.stages()[1]).getNumTrees()).isBetween(1, 14);
    }
    assertThat(settings.parameters()).containsEntry("gmv_validation_days", "28");
    // A version registered before early stopping recorded no validation days: it fitted every
    // round, whatever tonight's configuration says.
    assertThat(
            GmvSettings.of(
                    with("models.parameters.gmv_validation_days=28"), Map.of("gmv_max_iter", "15"))
                .validationDays())
        .isZero();
  }

  /**
   * Each series' own backtest accuracy: the total is one series, so its row is the registry's
   * total-level figure; every series has a row per forecaster.
   */
  @Test
  @Order(2)
  void eachSeriesHasItsOwnBacktestAccuracy() {
    Map<String, Double> m = trained.entry().metrics();
    Row total =
        spark
            .sql(
                "SELECT wape, bias, coverage_95, points FROM ml.gmv_backtest_series"
                    + " WHERE run_date = DATE'2025-07-01' AND level = 'total'"
                    + " AND forecaster = 'model'")
            .first();
    assertThat(total.getDouble(0)).isCloseTo(m.get("model.total.wape"), within(0.00005));
    assertThat(total.getDouble(1)).isCloseTo(m.get("model.total.bias"), within(0.00005));
    assertThat(total.getDouble(2)).isCloseTo(m.get("model.total.coverage_95"), within(0.00005));
    assertThat((double) total.getInt(3)).isEqualTo(m.get("backtest.total.points"));
    // 1 total + 2 categories + 3 anchors (A1, A2, outside live rooms), 3 forecasters each
    assertThat(
            spark
                .sql(
                    "SELECT count(*), count(DISTINCT level, series_key), count(DISTINCT"
                        + " forecaster) FROM ml.gmv_backtest_series"
                        + " WHERE run_date = DATE'2025-07-01'")
                .first()
                .toString())
        .isEqualTo("[18,6,3]");
  }

  @Test
  @Order(3)
  void forecastsAreCoherentWithOrderedIntervalsThatWiden() {
    List<Row> rows =
        spark
            .sql(
                "SELECT forecast_date, horizon, level, series_key, scheduled_sessions,"
                    + " gmv_forecast, gmv_lower_80, gmv_upper_80, gmv_lower_95, gmv_upper_95"
                    + " FROM ml.gmv_forecast WHERE as_of_date = DATE'2025-07-01'"
                    + " ORDER BY horizon, level, series_key")
            .collectAsList();
    // 28 days x (the total, 2 categories, anchors A1, A2 and outside live rooms).
    assertThat(rows).hasSize(28 * 6);
    for (int h = 1; h <= 28; h++) {
      double total = 0;
      double categories = 0;
      double anchors = 0;
      for (Row r : rows.subList((h - 1) * 6, h * 6)) {
        assertThat(r.getDate(0).toLocalDate()).isEqualTo(RUN.plusDays(h));
        double point = r.getDecimal(5).doubleValue();
        assertThat(r.getDecimal(8).doubleValue())
            .isLessThanOrEqualTo(r.getDecimal(6).doubleValue());
        assertThat(r.getDecimal(6).doubleValue())
            .isLessThanOrEqualTo(r.getDecimal(7).doubleValue());
        assertThat(r.getDecimal(7).doubleValue())
            .isLessThanOrEqualTo(r.getDecimal(9).doubleValue());
        assertThat(r.isNullAt(4)).isEqualTo(h > 7);
        switch (r.getString(2)) {
          case "total" -> total += point;
          case "category" -> categories += point;
          default -> anchors += point;
        }
      }
      assertThat(categories).isCloseTo(total, within(0.05));
      assertThat(anchors).isCloseTo(total, within(0.05));
    }
    // The total is the last row of each day; its 80% interval, relative to the forecast, is no
    // narrower four weeks out than tomorrow.
    Row tomorrow = rows.get(5);
    Row fourWeeksOut = rows.get(28 * 6 - 1);
    assertThat(tomorrow.getString(2)).isEqualTo("total");
    assertThat(relativeWidth(fourWeeksOut)).isGreaterThanOrEqualTo(relativeWidth(tomorrow) - 1e-4);
    // The forecast, the backtest and the registry have the columns sql/tables.conf declares.
    assertThat(TableContracts.assertAsDeclared(spark, config, Table.ML)).isGreaterThanOrEqualTo(3);
  }

  private static double relativeWidth(Row r) {
    return (r.getDecimal(7).doubleValue() - r.getDecimal(6).doubleValue())
        / r.getDecimal(5).doubleValue();
  }

  /** The configuration of this test with {@code settings} on top. */
  private LiveCartConfig with(String... settings) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "paths.warehouse=" + TestSpark.config().warehouse(),
                "models.parameters.gmv_max_iter=15",
                "models.parameters.gmv_backtest_origins=3",
                "models.parameters.gmv_train_origin_step_days=3",
                // Every round: this world's clean weekly rhythm rewards each of its 15, and the 1%
                // rule stops the total's boosting too soon to beat seasonal naive there (see
                // docs/models/gmv-forecast.md); the default's early stopping has a test of its own.
                "models.parameters.gmv_validation_days=0"));
    all.addAll(List.of(settings));
    return ConfigLoader.load(Optional.empty(), Map.of(), all);
  }

  @Test
  void theChampionIsBeatenBeforeTheBaselines() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (String level : new String[] {"total", "category", "anchor"}) {
      metrics.put("model." + level + ".wape", 0.20);
      metrics.put("seasonal_naive." + level + ".wape", 0.30);
      metrics.put("moving_average." + level + ".wape", 0.40);
      metrics.put("champion." + level + ".wape", 0.25);
    }
    Registry.Champion champion =
        new Registry.Champion(
            "gmv_forecast-20250624", Map.of("gmv_max_depth", "3 (tonight 5)"), Map.of());
    assertThat(GmvForecast.promotion(metrics, Optional.of(champion)).reason())
        .startsWith("promoted: beats seasonal naive and the moving average and the champion")
        .contains("total WAPE 0.2000 (seasonal naive 0.3000, champion 0.2500)");

    metrics.put("champion.category.wape", 0.19);
    assertThat(GmvForecast.promotion(metrics, Optional.of(champion)))
        .isEqualTo(
            Registry.Promotion.rejected(
                "category WAPE 0.2000 does not beat the champion gmv_forecast-20250624 refitted"
                    + " with its settings {gmv_max_depth=3 (tonight 5)} (0.1900)"));
  }

  /** After the tests that read the champion, as it takes the champion away. */
  @Test
  @Order(4)
  void withoutAChampionTheBacktestsBestBaselineForecasts() {
    spark.sql("DELETE FROM ml.model_registry WHERE model_name = 'gmv_forecast'");
    Registry.Entry e = trained.entry();
    Registry.record(
        spark,
        config,
        withFallback(
            e,
            e.version(),
            "moving_average",
            e.modelPath(),
            Registry.Promotion.rejected("(test)")));

    // A version forecasts with the settings it recorded: the configuration's later 14 days do not
    // shorten its 28.
    GmvForecast.forecast(spark, with("models.parameters.gmv_horizon_days=14"), RUN);

    double movingAverage =
        spark
            .sql(
                "SELECT CAST(sum(pay_amount) AS DOUBLE) / 28 FROM gold.fact_order_lines"
                    + " WHERE is_paid AND order_date > DATE'2025-06-03'")
            .first()
            .getDouble(0);
    List<Row> total =
        spark
            .sql(
                "SELECT forecaster, model_version, gmv_forecast, gmv_lower_80, gmv_upper_80"
                    + " FROM ml.gmv_forecast WHERE as_of_date = DATE'2025-07-01'"
                    + " AND level = 'total' ORDER BY horizon")
            .collectAsList();
    assertThat(total).hasSize(28);
    for (Row r : total) {
      assertThat(r.getString(0)).isEqualTo("moving_average");
      assertThat(r.getString(1)).isEqualTo(e.version());
      assertThat(r.getDecimal(2).doubleValue()).isCloseTo(movingAverage, within(0.01));
      assertThat(r.getDecimal(3).doubleValue()).isLessThan(movingAverage);
      assertThat(r.getDecimal(4).doubleValue()).isGreaterThan(movingAverage);
    }
  }

  /**
   * A version with worse settings than the champion's is not promoted, though nothing else changed:
   * the champion (tonight's 15 rounds of depth-5 trees, registered for the day before) is refitted
   * with its settings on the same backtest, which reproduces its own backtest, and a tree that may
   * not split (no leaf of fewer than 100,000 examples) does not beat it. A single stump did, at the
   * total level: the rhythm of this small world is simple.
   */
  @Test
  @Order(5)
  void aVersionMustBeatTheChampionRefittedWithItsSettings() {
    Registry.Entry e = trained.entry();
    LocalDate before = RUN.minusDays(1);
    Registry.record(spark, config, Champions.of(e, before, e.parameters()));

    Registry.Entry flat =
        GmvForecast.train(
                spark,
                with(
                    "models.parameters.gmv_max_iter=1",
                    "models.parameters.gmv_min_instances_per_node=100000"),
                RUN,
                "test-flat")
            .entry();

    assertThat(flat.parameters()).containsEntry("gmv_max_iter", "1");
    for (String level : new String[] {"total", "category", "anchor"}) {
      assertThat(flat.metrics().get("champion." + level + ".wape"))
          .isCloseTo(e.metrics().get("model." + level + ".wape"), within(1e-9));
    }
    assertThat(flat.promoted()).isFalse();
    assertThat(flat.reason())
        .startsWith("not promoted: total WAPE")
        .contains(
            "does not beat the champion gmv_forecast-20250630 refitted with its settings"
                + " {gmv_max_iter=15 (tonight 1), gmv_min_instances_per_node=20 (tonight"
                + " 100000)}");
  }

  /**
   * After an upgrade the champion may read a feature this version no longer computes: the forecast
   * does not stop at it but publishes the baseline that won the latest version's backtest, as
   * before any promotion, until a version trained by this one is promoted.
   */
  @Test
  @Order(6)
  void aChampionTrainedOnOtherFeaturesGivesWayToTheBaseline() throws IOException {
    Registry.Entry e = trained.entry();
    Path champion = Path.of(URI.create(e.modelPath()));
    Path older = champion.resolveSibling("gmv_forecast-older");
    try (Stream<Path> files = Files.walk(champion)) {
      for (Path file : files.toList()) {
        Files.copy(file, older.resolve(champion.relativize(file).toString()));
      }
    }
    PipelineModel lag365 =
        GmvTreesTest.fit(
            spark.sql(
                "SELECT CAST(id AS DOUBLE) AS horizon, CAST(id % 3 AS DOUBLE) AS lag_365,"
                    + " CAST(2 * id AS DOUBLE) AS label FROM range(6)"),
            "horizon",
            "lag_365");
    Map<Series.Level, PipelineModel> levels = new EnumMap<>(Series.Level.class);
    for (Series.Level level : Series.Level.values()) {
      levels.put(level, lag365);
    }
    new GmvTrees(levels).save(older.toString());
    Registry.record(
        spark,
        config,
        withFallback(
            e,
            "gmv_forecast-older",
            "seasonal_naive",
            older.toString(),
            Registry.Promotion.promoted("(test)")));

    GmvForecast.forecast(spark, config, RUN);

    assertThat(
            spark
                .sql(
                    "SELECT DISTINCT concat(forecaster, ' ', model_version) FROM ml.gmv_forecast"
                        + " WHERE as_of_date = DATE'2025-07-01'")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactly("seasonal_naive gmv_forecast-older");
  }

  /**
   * {@code e}'s registry row as {@code version}, its model at {@code path}, {@code fallback} the
   * baseline that won its backtest.
   */
  private static Registry.Entry withFallback(
      Registry.Entry e,
      String version,
      String fallback,
      String path,
      Registry.Promotion promotion) {
    Map<String, String> parameters = new LinkedHashMap<>(e.parameters());
    parameters.put("fallback_forecaster", fallback);
    return new Registry.Entry(
        e.modelName(),
        version,
        e.runId(),
        e.runDate(),
        e.trainFrom(),
        e.trainTo(),
        e.validationDate(),
        e.holdoutDate(),
        parameters,
        e.metrics(),
        e.reliability(),
        path,
        promotion);
  }
}
