package io.livecart.models.replenishment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.SqlTemplate;
import io.livecart.core.warehouse.Table;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Lead times as delivered: orders matched to receipts, open ones censored, not dropped. */
class LeadTimesTest {
  private static final LocalDate DAY1 = LocalDate.of(2025, 3, 1);

  @Test
  void anOpenOrderCountsAsAtLeastItsWait() {
    // sorted 1.0, 1.2 (open), 1.5, 2.0 at 1/4 each; the open order's quarter goes in halves to
    // the two slower deliveries: 1.0 at 1/4, 1.5 and 2.0 at 3/8 each
    LeadTimes seen = new LeadTimes(new double[] {2.0, 1.0, 1.5}, new double[] {1.2});
    assertThat(seen.count()).isEqualTo(3);
    assertThat(seen.openCount()).isEqualTo(1);
    assertThat(seen.meanRatio()).isCloseTo(0.25 + 0.375 * 1.5 + 0.375 * 2.0, within(1e-12));
    // dropping the open order would give 1.5
    assertThat(new LeadTimes(new double[] {2.0, 1.0, 1.5}).meanRatio())
        .isCloseTo(1.5, within(1e-12));
    // four observations, four equally likely quantiles at 1/8, 3/8, 5/8, 7/8
    assertThat(seen.quantiles()).containsExactly(1.0, 1.5, 2.0, 2.0);
    // the slowest order still open keeps its weight where it has reached: a lower bound
    LeadTimes waiting = new LeadTimes(new double[] {1.0}, new double[] {3.0});
    assertThat(waiting.meanRatio()).isCloseTo(2.0, within(1e-12));
    assertThat(waiting.longest(5)).isEqualTo(15);
  }

  @Test
  void withoutOpenOrdersTheQuantilesAreTheSamplesOwn() {
    LeadTimes seen = new LeadTimes(new double[] {1.4, 1.0, 1.2});
    assertThat(seen.quantiles()).containsExactly(1.0, 1.2, 1.4);
    assertThat(seen.sdRatio()).isCloseTo(Math.sqrt(0.08 / 3), within(1e-12));
    assertThat(LeadTimes.ON_TIME.expected(7)).isEqualTo(7);
    for (int day = 0; day < 50; day++) {
      assertThat(seen.draw(5, 1, "A@W", day)).isBetween(5, 7);
    }
  }

  /**
   * One cell, promised 5 days. On order: day 1 10 (placed before the history), day 2 30 (P1 +20),
   * day 3 20 (the first 10 received), day 4 50 (P2 +30, while P1 is open), day 8 30 (20 received:
   * P1, 6 days), day 10 15 and day 11 0 (P2 in two parts, complete on day 11: 7 days), day 12 8 (P3
   * +8), still open on day 14 (waited 2 days).
   */
  @Test
  void receiptsSettleOrdersFirstInFirstOutAndOpenOrdersAreCensored() {
    SparkSession spark = TestSpark.session();
    LiveCartConfig config = TestSpark.config();
    long[] onOrder = {10, 30, 20, 50, 50, 50, 50, 30, 30, 15, 0, 8, 8, 8};
    List<Row> snapshots = new ArrayList<>();
    for (int d = 0; d < onOrder.length; d++) {
      snapshots.add(RowFactory.create("A", "W", Date.valueOf(DAY1.plusDays(d)), 5L, onOrder[d]));
    }
    DeltaWrites.replace(
        spark,
        config,
        new Table(Table.SILVER, "inventory"),
        spark.createDataFrame(
            snapshots,
            new StructType()
                .add("sku_id", DataTypes.StringType)
                .add("warehouse_id", DataTypes.StringType)
                .add("snapshot_date", DataTypes.DateType)
                .add("on_hand", DataTypes.LongType)
                .add("on_order", DataTypes.LongType)),
        null);
    DeltaWrites.replace(
        spark,
        config,
        new Table(Table.GOLD, "dim_product"),
        spark.createDataFrame(
            List.of(RowFactory.create("A", 5, true)),
            new StructType()
                .add("sku_id", DataTypes.StringType)
                .add("lead_time_days", DataTypes.IntegerType)
                .add("is_current", DataTypes.BooleanType)),
        null);

    assertThat(orders(spark, DAY1))
        .containsExactly("2025-03-02 6 5 true", "2025-03-04 7 5 true", "2025-03-12 2 5 false");
    // as of day 9, P2 is open (waited 5 days) and P3 not yet placed
    assertThat(orders(spark, DAY1, DAY1.plusDays(8)))
        .containsExactly("2025-03-02 6 5 true", "2025-03-04 5 5 false");
    // the replay's orders: placed from day 3
    assertThat(orders(spark, DAY1.plusDays(2)))
        .containsExactly("2025-03-04 7 5 true", "2025-03-12 2 5 false");
  }

  private static List<String> orders(SparkSession spark, LocalDate placedFrom) {
    return orders(spark, placedFrom, DAY1.plusDays(13));
  }

  private static List<String> orders(SparkSession spark, LocalDate placedFrom, LocalDate asOf) {
    return spark
        .sql(
            SqlTemplate.render(
                "models",
                "lead_times",
                Map.of(
                    "first_day", SqlDates.literal(DAY1),
                    "placed_from", SqlDates.literal(placedFrom),
                    "as_of", SqlDates.literal(asOf))))
        .orderBy("placed_date")
        .collectAsList()
        .stream()
        .map(r -> r.get(2) + " " + r.get(3) + " " + r.get(4) + " " + r.get(5))
        .toList();
  }
}
