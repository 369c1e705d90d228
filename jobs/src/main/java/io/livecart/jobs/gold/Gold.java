package io.livecart.jobs.gold;

import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds the gold tables from their SQL files ({@code sql/gold/<table>.sql}, carried in the jar),
 * in dependency order, for the business days a night touched: each query reads those days from the
 * temporary view {@code build_days} and its rows replace the table's rows of those days ({@code
 * session_date}), so a rerun leaves the same table and a late refund rebuilds exactly the day of
 * its order.
 */
public final class Gold {
  /** A gold table and the date column whose days a build replaces. */
  record Mart(String name, String dateColumn) {}

  /** Gold tables in dependency order. */
  static final List<Mart> TABLES = List.of(new Mart("live_session_review", "session_date"));

  private final SparkSession spark;
  private final LiveCartConfig config;
  private final Set<LocalDate> days;

  private Gold(SparkSession spark, LiveCartConfig config, Set<LocalDate> days) {
    this.spark = spark;
    this.config = config;
    this.days = days;
  }

  public static Gold of(SparkSession spark, LiveCartConfig config, Set<LocalDate> days) {
    return new Gold(spark, config, days);
  }

  public List<DeltaWrites.Written> execute() {
    Catalog.register(spark, config);
    List<Row> dayRows = days.stream().map(d -> RowFactory.create(Date.valueOf(d))).toList();
    spark
        .createDataFrame(dayRows, new StructType().add("day", DataTypes.DateType, false))
        .createOrReplaceTempView("build_days");
    String slice = days.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "));
    List<DeltaWrites.Written> written = new ArrayList<>();
    for (Mart table : TABLES) {
      long start = System.nanoTime();
      Dataset<Row> rows = spark.sql(query(table.name()));
      DeltaWrites.Written result =
          DeltaWrites.replace(
              spark,
              config,
              new Table(Table.GOLD, table.name()),
              rows,
              table.dateColumn() + " IN (" + slice + ")",
              table.dateColumn());
      written.add(result);
      Steps.log("gold " + table.name() + " " + days, result.rows(), start);
    }
    return written;
  }

  static String query(String table) {
    String resource = "/sql/gold/" + table + ".sql";
    try (InputStream in = Gold.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("not in the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.cannotRead(resource, e);
    }
  }
}
