package io.livecart.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.livecart.core.Errors;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.spark.Sessions;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.Table;
import io.livecart.models.replenishment.SalesBacktest;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The replenishment demand forecast on a loaded sales history without stock levels ({@link
 * SalesBacktest}): each item's units sold per buyer and day, from {@code gold.fact_order_lines}'
 * paid lines over the {@code replenishment_history_days} up to the date. Meant for M5, whose buyers
 * are its stores, so a series is an item in a store (M5's own level 12); the M5 competition took
 * sales as demand too. Prints the calendar and smoothing fitted and a table per demand class.
 *
 * <pre>
 *   bench/demand.sh ROOT DATE [KEY=VALUE ...]
 *     ROOT: a warehouse loaded by `backfill` (bench/real-data.sh m5); KEY=VALUE: settings, as
 *     `--set` gives them (models.parameters.replenishment_alpha=0.2)
 * </pre>
 */
public final class SalesDemand {
  private SalesDemand() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      throw Errors.badOption("arguments", String.join(" ", args), "ROOT DATE [KEY=VALUE ...]");
    }
    List<String> overrides = new ArrayList<>(List.of("paths.root=" + args[0]));
    overrides.addAll(Arrays.asList(args).subList(2, args.length));
    LocalDate last = LocalDate.parse(args[1]);
    LiveCartConfig config = ConfigLoader.load(Optional.empty(), Map.of(), overrides);
    SparkSession spark = Sessions.getOrCreate(config, "livecart demand on sales");
    int days = SalesBacktest.historyDays(config);
    LocalDate first = last.minusDays(days - 1);
    List<Row> rows =
        new Table(Table.GOLD, "fact_order_lines")
            .read(spark, config)
            .orElseThrow(
                () ->
                    Errors.badOption(
                        "ROOT",
                        args[0],
                        "a warehouse loaded by `backfill` (gold.fact_order_lines)"))
            .where(
                String.format(
                    "is_paid AND paid_date BETWEEN %s AND %s",
                    SqlDates.literal(first), SqlDates.literal(last)))
            .groupBy(col("sku_id"), col("user_id"), col("paid_date"))
            .agg(sum("quantity").cast("long"))
            .collectAsList();
    Map<String, long[]> sales = new TreeMap<>();
    for (Row row : rows) {
      long[] units =
          sales.computeIfAbsent(row.getString(0) + "@" + row.getString(1), k -> new long[days]);
      units[(int) ChronoUnit.DAYS.between(first, row.getDate(2).toLocalDate())] += row.getLong(3);
    }
    SalesBacktest.Result result = SalesBacktest.run(config, sales, first);
    spark.stop();
    System.out.printf(
        Locale.ROOT,
        "%d series (item and buyer), %s to %s; measured from %s%ncalendar: %s%nsmoothing: %s%n%n",
        sales.size(),
        first,
        last,
        result.measuredFrom(),
        result.calendar(),
        result.smoothing());
    System.out.println(
        "| demand class | series | units measured | model WAPE | moving average WAPE | model against"
            + " it | model bias | moving average bias |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (SalesBacktest.Line line : result.lines()) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %,.0f | %.4f | %.4f | %+.1f%% | %+.4f | %+.4f |%n",
          line.demandClass(),
          line.cells(),
          line.units(),
          line.modelWape(),
          line.averageWape(),
          100 * (line.modelWape() / line.averageWape() - 1),
          line.modelBias(),
          line.averageBias());
    }
  }
}
