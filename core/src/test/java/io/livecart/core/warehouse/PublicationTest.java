package io.livecart.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The latest views switch from one published night to the next together, never before. */
class PublicationTest {
  private static final LocalDate D1 = LocalDate.of(2025, 3, 1);
  private static final LocalDate D2 = LocalDate.of(2025, 3, 2);
  private final SparkSession spark = TestSpark.session();
  private final LiveCartConfig config = TestSpark.config();

  private void night(LocalDate day) {
    write(new Table(Table.GOLD, "alerts"), "alert_date", day, "low_stock");
    write(new Table(Table.ML, "gmv_forecast"), "as_of_date", day, "全部");
  }

  private void write(Table table, String dateColumn, LocalDate day, String value) {
    StructType schema =
        new StructType().add(dateColumn, DataTypes.DateType).add("what", DataTypes.StringType);
    DeltaWrites.replace(
        spark,
        config,
        table,
        spark.createDataFrame(List.of(RowFactory.create(Date.valueOf(day), value)), schema),
        dateColumn + " = " + SqlDates.literal(day),
        dateColumn);
  }

  private List<String> latest() {
    return spark
        .sql(
            "SELECT 'alerts ' || alert_date FROM gold.alerts_latest"
                + " UNION ALL SELECT 'forecast ' || as_of_date FROM ml.gmv_forecast_latest")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .sorted()
        .toList();
  }

  @Test
  void aNightWrittenButNotPublishedStaysOutOfTheLatestViews() {
    night(D1);
    Publication.publish(spark, config, D1, "run-1");
    assertThat(latest()).containsExactly("alerts 2025-03-01", "forecast 2025-03-01");

    night(D2);
    assertThat(latest()).containsExactly("alerts 2025-03-01", "forecast 2025-03-01");

    Publication.publish(spark, config, D2, "run-2");
    assertThat(latest()).containsExactly("alerts 2025-03-02", "forecast 2025-03-02");

    // Publishing an earlier night again (a rerun) leaves the latest night where it is.
    Publication.publish(spark, config, D1, "run-3");
    assertThat(latest()).containsExactly("alerts 2025-03-02", "forecast 2025-03-02");
    Row published =
        spark
            .sql(
                "SELECT run_id, versions['ml.gmv_forecast'] FROM ops.published"
                    + " WHERE as_of_date = DATE'2025-03-01'")
            .first();
    assertThat(published.getString(0)).isEqualTo("run-3");
    assertThat(published.getLong(1)).isPositive();
  }
}
