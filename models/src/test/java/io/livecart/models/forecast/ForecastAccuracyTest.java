package io.livecart.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Publication;
import io.livecart.core.warehouse.Table;
import io.livecart.core.warehouse.TableContracts;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastAccuracyTest {
  private static final LocalDate RUN = LocalDate.of(2025, 3, 10);

  @TempDir Path root;

  private final SparkSession spark = TestSpark.session();

  /**
   * Night 03-10 with a 3-day horizon scores the lags 1, 3 and 7. The forecast of 03-09 (published)
   * said 100 for the total of 03-10 (80%: 90-110, 95%: 80-120) and 60 for category C1 (no
   * interval); its 03-11 has not happened. The forecast of 03-07 was never published. The forecast
   * of 03-03 (published) said 50 for 03-04 and 03-05 (80%: 40-60, 95%: 30-70). Gold: 03-04 sold 40
   * (C1), 03-05 nothing, 03-10 sold 70 (C1, anchor A1) and 50 (C2, outside live rooms).
   */
  @Test
  void scoresOnlyPublishedForecastsOverTheDaysThatHappened() {
    LiveCartConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of("paths.root=" + root, "models.parameters.gmv_horizon_days=3"));
    StructType lines = GmvLines.SCHEMA;
    DeltaWrites.replace(
        spark,
        config,
        new Table(Table.GOLD, "fact_order_lines"),
        spark.createDataFrame(
            List.of(
                line("2025-03-04", "40.00", "C1", "A1"),
                line("2025-03-10", "70.00", "C1", "A1"),
                line("2025-03-10", "50.00", "C2", null),
                RowFactory.create(
                    Date.valueOf("2025-03-10"), false, new BigDecimal("999.00"), "C1", "A1")),
            lines),
        null);
    List<Row> forecasts = new ArrayList<>();
    forecasts.add(forecast("2025-03-09", "total", "全部", "2025-03-10", "100", "90", "110", "80"));
    forecasts.add(forecast("2025-03-09", "total", "全部", "2025-03-11", "999", "1", "2000", "0"));
    forecasts.add(forecast("2025-03-09", "category", "C1", "2025-03-10", "60", null, null, null));
    forecasts.add(forecast("2025-03-07", "total", "全部", "2025-03-08", "500", "1", "999", "0"));
    forecasts.add(forecast("2025-03-03", "total", "全部", "2025-03-04", "50", "40", "60", "30"));
    forecasts.add(forecast("2025-03-03", "total", "全部", "2025-03-05", "50", "40", "60", "30"));
    DeltaWrites.replace(
        spark,
        config,
        GmvForecast.FORECASTS,
        spark.createDataFrame(forecasts, GmvForecast.FORECAST_SCHEMA),
        null,
        "as_of_date");
    Publication.publish(spark, config, LocalDate.of(2025, 3, 3), "r1");
    Publication.publish(spark, config, LocalDate.of(2025, 3, 9), "r2");

    ForecastAccuracy.record(spark, config, RUN);
    ForecastAccuracy.record(spark, config, RUN); // a rerun replaces the night
    assertThat(TableContracts.assertAsDeclared(spark, config, Table.ML, Table.OPS)).isEqualTo(3);

    List<String> rows =
        spark
            .sql(
                "SELECT lag_days, as_of_date, level, series, points, actual_gmv, forecast_gmv, wape,"
                    + " bias, coverage_80, coverage_95, interval_points"
                    + " FROM ml.forecast_accuracy ORDER BY lag_days, level")
            .collectAsList()
            .stream()
            .map(Row::toString)
            .toList();
    assertThat(rows)
        .containsExactly(
            "[1,2025-03-09,category,1,1,70.00,60.00,0.1429,-0.1429,null,null,0]",
            "[1,2025-03-09,total,1,1,120.00,100.00,0.1667,-0.1667,0.0,1.0,1]",
            "[7,2025-03-03,total,1,2,40.00,100.00,1.5,1.5,0.5,0.5,2]");
  }

  private static Row line(String day, String amount, String category, String anchor) {
    return RowFactory.create(Date.valueOf(day), true, new BigDecimal(amount), category, anchor);
  }

  private static Row forecast(
      String asOf,
      String level,
      String key,
      String day,
      String point,
      String low80,
      String high80,
      String low95) {
    LocalDate date = LocalDate.parse(day);
    return RowFactory.create(
        Date.valueOf(asOf),
        level,
        key,
        Date.valueOf(date),
        (int) (date.toEpochDay() - LocalDate.parse(asOf).toEpochDay()),
        null,
        null,
        new BigDecimal(point).setScale(2),
        low80 == null ? null : new BigDecimal(low80).setScale(2),
        high80 == null ? null : new BigDecimal(high80).setScale(2),
        low95 == null ? null : new BigDecimal(low95).setScale(2),
        low95 == null
            ? null
            : new BigDecimal(point)
                .multiply(BigDecimal.valueOf(2))
                .subtract(new BigDecimal(low95))
                .setScale(2),
        "model",
        "gmv_forecast-test");
  }
}
