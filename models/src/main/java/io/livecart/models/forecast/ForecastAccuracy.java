package io.livecart.models.forecast;

import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Publication;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.SqlTemplate;
import io.livecart.core.warehouse.Table;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * The accuracy of what planners were told, not of a backtest: each night scores the GMV forecasts
 * published a day, a week and a horizon earlier over the days they covered that have now happened
 * ({@code sql/models/forecast_accuracy.sql}), per level.
 */
public final class ForecastAccuracy {
  /** Per night, lag and level: WAPE, bias and interval hits of the forecast published lag ago. */
  public static final Table TABLE = new Table(Table.ML, "forecast_accuracy");

  private ForecastAccuracy() {}

  /** The lags scored: a day, a week, and the whole horizon. */
  static List<Integer> lags(LiveCartConfig config) {
    return List.of(1, 7, GmvSettings.of(config).horizon()).stream().distinct().sorted().toList();
  }

  /**
   * Replaces night {@code runDate}'s rows of {@code ml.forecast_accuracy}; empty when no forecast
   * has been published yet (nothing to score, and no table to write to before the first).
   */
  public static Optional<DeltaWrites.Written> record(
      SparkSession spark, LiveCartConfig config, LocalDate runDate) {
    if (!GmvForecast.FORECASTS.exists(spark, config)
        || !Publication.PUBLISHED.exists(spark, config)) {
      return Optional.empty();
    }
    long start = System.nanoTime();
    List<Integer> lags = lags(config);
    LocalDate from = runDate.minusDays(lags.get(lags.size() - 1) - 1L);
    String sql =
        SqlTemplate.render(
            "models",
            "forecast_accuracy",
            Map.of(
                "run_date", SqlDates.literal(runDate),
                "lags", lags.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                "actuals", GmvForecast.series(from, runDate)));
    DeltaWrites.Written written =
        DeltaWrites.replace(
            spark,
            config,
            TABLE,
            spark.sql(sql),
            "run_date = " + SqlDates.literal(runDate),
            "run_date");
    Steps.log("forecast accuracy " + runDate, written.rows(), start);
    return Optional.of(written);
  }
}
