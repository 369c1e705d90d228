package io.livecart.bench;

import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.spark.Sessions;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Maintenance;
import io.livecart.core.warehouse.Table;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The maintenance benchmark: a year of nightly slices, as the night writes them, then {@code
 * livecart maintain} over it. Three tables stand for the warehouse's three ways of refreshing: a
 * fact partitioned by day (bronze, silver and the gold facts), a mart sliced by day but not
 * partitioned (most gold marts) and a snapshot rewritten whole each night (the dimensions, rfm).
 * Each night writes its rows through {@link DeltaWrites#replace}, the night's own write, from four
 * tasks as a night's shuffle does. Printed per table, before and after: the files a query reads,
 * the files and megabytes on disk, and the seconds of a whole-table and a one-day query (median of
 * three); then the seconds of maintenance, of a second run with nothing left to do, and of the
 * table's VACUUM, which maintenance runs once a replaced file is older than the time-travel window.
 *
 * <pre>
 *   bench/maintain.sh [NIGHTS [ROWS_PER_NIGHT]]     defaults 365 and 1,600 (a small night's lines)
 * </pre>
 */
public final class MaintenanceBench {
  private static final LocalDate FIRST = LocalDate.of(2025, 1, 1);

  private record Shape(Table table, String slice, String[] partitions) {}

  /** A whole-table and a one-day query's seconds, median of three. */
  private record Queries(double all, double day) {}

  private MaintenanceBench() {}

  public static void main(String[] args) {
    int nights = args.length > 0 ? Integer.parseInt(args[0]) : 365;
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_600;
    String root = System.getProperty("livecart.bench.root", "/tmp/livecart-bench-maintain");
    LiveCartConfig config =
        ConfigLoader.load(Optional.empty(), Map.of(), List.of("paths.root=" + root));
    SparkSession spark = Sessions.getOrCreate(config, "livecart maintenance bench");
    List<Shape> shapes =
        List.of(
            new Shape(new Table(Table.GOLD, "fact_by_day"), "day = %s", new String[] {"day"}),
            new Shape(new Table(Table.GOLD, "mart_by_day"), "day = %s", new String[0]),
            new Shape(new Table(Table.GOLD, "snapshot"), null, new String[0]));
    long start = System.nanoTime();
    for (int night = 0; night < nights; night++) {
      LocalDate day = FIRST.plusDays(night);
      for (Shape shape : shapes) {
        Dataset<Row> slice =
            spark
                .sql(
                    String.format(
                        "SELECT concat('O', %d * %d + id) AS order_id, DATE'%s' AS day,"
                            + " concat('U', id %% 997) AS user_id, CAST(id %% 500 AS DECIMAL(12, 2))"
                            + " AS pay_amount FROM range(%d)",
                        night, rows, day, rows))
                .repartition(4);
        DeltaWrites.replace(
            spark,
            config,
            shape.table(),
            slice,
            shape.slice() == null ? null : String.format(shape.slice(), "DATE'" + day + "'"),
            shape.partitions());
      }
      if ((night + 1) % 30 == 0 || night + 1 == nights) {
        System.out.printf(
            Locale.ROOT,
            "wrote %d nights of %d tables in %.0f s%n",
            night + 1,
            shapes.size(),
            (System.nanoTime() - start) / 1e9);
      }
    }
    LocalDate middle = FIRST.plusDays(nights / 2);
    List<Queries> before = new ArrayList<>();
    for (Shape shape : shapes) {
      before.add(queries(spark, config, shape.table(), middle));
    }
    List<Maintenance.Done> done = Maintenance.run(spark, config);
    List<Maintenance.Done> again = Maintenance.run(spark, config);
    List<Double> vacuums = new ArrayList<>();
    for (Shape shape : shapes) {
      vacuums.add(vacuum(spark, config, shape.table()));
    }
    System.out.printf(
        Locale.ROOT,
        "%n%d nightly slices of %,d rows, maintenance with a %d-day time-travel window, on %d cores%n",
        nights,
        rows,
        config.timeTravelDays(),
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        Locale.ROOT,
        "%-12s %15s %17s %19s %19s %19s %10s %10s %10s%n",
        "table",
        "files read",
        "files on disk",
        "MB on disk",
        "whole-table s",
        "one-day s",
        "maintain s",
        "again s",
        "VACUUM s");
    for (int i = 0; i < shapes.size(); i++) {
      Table table = shapes.get(i).table();
      Maintenance.Done files = done(done, table);
      Queries after = queries(spark, config, table, middle);
      Queries was = before.get(i);
      System.out.printf(
          Locale.ROOT,
          "%-12s %6d -> %-6d %7d -> %-7d %8.1f -> %-8.1f %8.3f -> %-8.3f %8.3f -> %-8.3f %10.1f %10.1f"
              + " %10.1f%n",
          table.name(),
          files.currentFilesBefore(),
          files.currentFilesAfter(),
          files.diskFilesBefore(),
          files.diskFilesAfter(),
          files.diskBytesBefore() / 1e6,
          files.diskBytesAfter() / 1e6,
          was.all(),
          after.all(),
          was.day(),
          after.day(),
          files.seconds(),
          done(again, table).seconds(),
          vacuums.get(i));
    }
    System.out.println(
        "Files on disk stay until the window has passed: a replaced file is kept for time travel"
            + " as long as its version is inside it. VACUUM s: the table's VACUUM with the window,"
            + " which maintain runs once a replaced file is older than it (a month on).");
    spark.stop();
  }

  private static Maintenance.Done done(List<Maintenance.Done> done, Table table) {
    return done.stream().filter(d -> d.table().equals(table)).findFirst().orElseThrow();
  }

  /** The seconds of the VACUUM {@code maintain} runs on {@code table} once a file is due. */
  private static double vacuum(SparkSession spark, LiveCartConfig config, Table table) {
    long start = System.nanoTime();
    Maintenance.vacuum(
        spark, "delta.`" + table.path(config) + "`", Duration.ofDays(config.timeTravelDays()));
    return (System.nanoTime() - start) / 1e9;
  }

  private static Queries queries(
      SparkSession spark, LiveCartConfig config, Table table, LocalDate middle) {
    String path = table.path(config);
    return new Queries(
        median(spark, "SELECT count(*), sum(pay_amount) FROM delta.`" + path + "`"),
        median(
            spark,
            "SELECT count(*), sum(pay_amount) FROM delta.`"
                + path
                + "` WHERE day = DATE'"
                + middle
                + "'"));
  }

  private static double median(SparkSession spark, String sql) {
    double[] runs = new double[3];
    for (int i = 0; i < runs.length; i++) {
      long start = System.nanoTime();
      spark.sql(sql).collectAsList();
      runs[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(runs);
    return runs[1];
  }
}
