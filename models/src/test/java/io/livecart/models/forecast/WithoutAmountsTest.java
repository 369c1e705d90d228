package io.livecart.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Table;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A purchase log without amounts (the online grocer's): two years of paid orders, each worth 0.00.
 * There is no GMV to forecast, and the night says so instead of training on a zero series.
 */
class WithoutAmountsTest {
  private static final LocalDate RUN = LocalDate.of(2007, 12, 30);

  @TempDir Path root;

  private final SparkSession spark = TestSpark.session();

  @Test
  void aNightWithoutAmountsDoesNotTrainTheForecast() {
    LiveCartConfig config = TestSpark.config(root);
    List<Row> lines = new ArrayList<>();
    for (LocalDate day = RUN.minusYears(2); !day.isAfter(RUN); day = day.plusDays(3)) {
      lines.add(RowFactory.create(Date.valueOf(day), true, BigDecimal.ZERO.setScale(2)));
    }
    DeltaWrites.replace(
        spark,
        config,
        new Table(Table.GOLD, "fact_order_lines"),
        spark.createDataFrame(
            lines,
            new StructType()
                .add("paid_date", DataTypes.DateType)
                .add("is_paid", DataTypes.BooleanType)
                .add("pay_amount", DataTypes.createDecimalType(18, 2))),
        null);

    assertThat(GmvForecast.whyNotTrain(spark, config, RUN))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith("every paid order from ")
                    .endsWith(
                        " to 2007-12-30 is worth 0.00: there is no GMV to forecast (a"
                            + " purchase log without amounts)"));
  }
}
