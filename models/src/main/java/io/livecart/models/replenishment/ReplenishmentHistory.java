package io.livecart.models.replenishment;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.SqlTemplate;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What replenishment reads: one row per SKU and warehouse of {@code
 * sql/models/replenishment_history.sql} over a window of days (sales routed to warehouses by
 * province, stock, purchase orders, and the generator's true demand where the truth folder has it),
 * the calendar's evidence summed over all cells, the purchase orders' lead times and the units no
 * warehouse ships.
 */
final class ReplenishmentHistory {
  private static final StructType TRUTH_SCHEMA =
      new StructType()
          .add("sku_id", DataTypes.StringType)
          .add("warehouse_id", DataTypes.StringType)
          .add("day", DataTypes.DateType)
          .add("demand_units", DataTypes.LongType);

  private static final StructType EVIDENCE_SCHEMA =
      new StructType()
          .add("sales", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("base", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  private ReplenishmentHistory() {}

  /** The days a night reads: {@code historyDays} up to {@code asOf}. */
  record Span(LocalDate first, int days) {
    static Span of(ReplenishmentSettings settings, LocalDate asOf) {
      return new Span(asOf.minusDays(settings.historyDays() - 1), settings.historyDays());
    }

    int last() {
      return days - 1;
    }
  }

  /** One row per cell of {@code sql/models/replenishment_history.sql}. */
  static Dataset<Row> history(
      SparkSession spark, LiveCartConfig config, Span window, LocalDate asOf) {
    truthView(spark, config);
    return spark.sql(
        SqlTemplate.render(
            "models",
            "replenishment_history",
            Map.of(
                "first_day",
                SqlDates.literal(window.first()),
                "as_of",
                SqlDates.literal(asOf),
                "routing",
                routing(config))));
  }

  /** The province-to-warehouse routing as a VALUES list. */
  private static String routing(LiveCartConfig config) {
    List<String> pairs = new ArrayList<>();
    config
        .warehouseProvinces()
        .forEach(
            (warehouse, provinces) ->
                provinces.forEach(
                    province ->
                        pairs.add("(" + quoted(province) + ", " + quoted(warehouse) + ")")));
    if (pairs.isEmpty()) {
      throw Errors.badConfig(
          "livecart.models.warehouses lists no warehouse: the replenishment model cannot tell"
              + " which warehouse an order's units come from",
          null);
    }
    return String.join(", ", pairs);
  }

  static String quoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * The generator's true demand as the view {@code replenishment_truth}: empty unless the truth
   * folder has it (generated worlds only).
   */
  private static void truthView(SparkSession spark, LiveCartConfig config) {
    Path folder = new Path(config.truth() + "/demand");
    boolean present;
    try {
      present = folder.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(folder);
    } catch (IOException e) {
      present = false;
    }
    Dataset<Row> truth =
        present
            ? spark
                .read()
                .option("header", "true")
                .schema(
                    "sku_id STRING, warehouse_id STRING, demand_units BIGINT, sold_units BIGINT,"
                        + " lost_units BIGINT, on_hand_start BIGINT, received_units BIGINT,"
                        + " dt DATE")
                .csv(folder.toString())
                .selectExpr("sku_id", "warehouse_id", "dt AS day", "demand_units")
            : spark.createDataFrame(List.of(), TRUTH_SCHEMA);
    truth.createOrReplaceTempView("replenishment_truth");
  }

  /** The calendar's evidence summed over all cells: {@code [sales per day, base per day]}. */
  static double[][] evidence(Dataset<Row> history, Span window) {
    LocalDate first = window.first();
    int days = window.days();
    List<Row> partials =
        history
            .mapPartitions(
                (MapPartitionsFunction<Row, Row>)
                    rows -> {
                      double[] sales = new double[days];
                      double[] base = new double[days];
                      while (rows.hasNext()) {
                        DemandCalendar.addEvidence(
                            CellHistory.of(rows.next(), first, days), sales, base);
                      }
                      return List.of(RowFactory.create(boxed(sales), boxed(base))).iterator();
                    },
                Encoders.row(EVIDENCE_SCHEMA))
            .collectAsList();
    double[] sales = new double[days];
    double[] base = new double[days];
    for (Row partial : partials) {
      List<Double> s = partial.getList(0);
      List<Double> b = partial.getList(1);
      for (int d = 0; d < days; d++) {
        sales[d] += s.get(d);
        base[d] += b.get(d);
      }
    }
    return new double[][] {sales, base};
  }

  /** {@code values} as an array column's value in a Row an encoder takes (a Scala sequence). */
  static scala.collection.Seq<Double> boxed(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(v);
    }
    return scala.jdk.javaapi.CollectionConverters.asScala(out);
  }

  /**
   * The delivered-to-promised lead-time ratios of the purchase orders placed from {@code
   * placedFrom} to {@code asOf}, those still open at {@code asOf} censored.
   */
  static LeadTimes leadTimes(
      SparkSession spark, Span window, LocalDate placedFrom, LocalDate asOf) {
    List<Row> orders =
        spark
            .sql(
                SqlTemplate.render(
                    "models",
                    "lead_times",
                    Map.of(
                        "first_day",
                        SqlDates.literal(window.first()),
                        "placed_from",
                        SqlDates.literal(placedFrom),
                        "as_of",
                        SqlDates.literal(asOf))))
            .collectAsList();
    return new LeadTimes(ratios(orders, true), ratios(orders, false));
  }

  static String describe(LeadTimes leadTimes) {
    return String.format(
        Locale.ROOT,
        "mean %.3f, sd %.3f over %d deliveries and %d open orders",
        leadTimes.meanRatio(),
        leadTimes.sdRatio(),
        leadTimes.count(),
        leadTimes.openCount());
  }

  private static double[] ratios(List<Row> orders, boolean delivered) {
    return orders.stream()
        .filter(r -> r.getBoolean(5) == delivered)
        .mapToDouble(r -> (double) r.getInt(3) / r.getInt(4))
        .toArray();
  }

  /** Units of paid lines in the window from provinces no warehouse ships to (not planned). */
  static double unrouted(SparkSession spark, LiveCartConfig config, Span window, LocalDate asOf) {
    Row row =
        spark
            .sql(
                String.format(
                    "SELECT coalesce(sum(quantity), 0) FROM gold.fact_order_lines"
                        + " WHERE is_paid AND order_date BETWEEN %s AND %s"
                        + " AND (province IS NULL OR province NOT IN (%s))",
                    SqlDates.literal(window.first()),
                    SqlDates.literal(asOf),
                    config.warehouseProvinces().values().stream()
                        .flatMap(List::stream)
                        .map(ReplenishmentHistory::quoted)
                        .collect(Collectors.joining(", "))))
            .first();
    return ((Number) row.get(0)).doubleValue();
  }
}
