package io.livecart.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import io.livecart.jobs.ledger.Ledger;
import io.livecart.jobs.silver.Silver;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code check-landing}: what ingest and silver would do with some days' landing files, writing
 * nothing: per source and landing day the lines read, those that would be accepted and those that
 * would be quarantined by reason; the files that would be refused whole; and the rows that would
 * stop the run. The same code judges them as the real run ({@link LandingFiles}, {@link
 * Ingest#classify}, {@link Silver#checkOnly}), so what it says is what a backfill does, except the
 * checks that need the warehouse (late updates, unknown SKUs).
 */
public final class LandingCheck {
  /**
   * @param counts per source and landing day: read, accepted, quarantined by reason
   * @param refused the files refused whole, each with its problem and the fix
   * @param stops rows that would stop the run (exit code 3), one line per source, day and rule
   */
  public record Report(List<Ledger.Counts> counts, List<String> refused, List<String> stops) {}

  private LandingCheck() {}

  public static Report run(SparkSession spark, LiveCartConfig config, Collection<LocalDate> days) {
    LandingReader reader = new LandingReader(spark);
    List<Ledger.Counts> counts = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> stops = new ArrayList<>();
    for (Source source : Source.values()) {
      LandingFiles.Listing listing = LandingFiles.list(spark, config, source, days);
      listing.refused().forEach(refusal -> refused.add(refusal.toString()));
      var landed = reader.read(source, listing);
      if (landed.isEmpty()) {
        continue;
      }
      Dataset<Row> classified = Ingest.classify(landed.get().lines());
      List<Column> bronze = new ArrayList<>();
      for (String field : source.fields()) {
        // Silver reads the hash of a phone, never the phone: its checks see the field's presence.
        bronze.add(
            col(field).as(source == Source.USERS && field.equals("phone") ? "phone_hash" : field));
      }
      bronze.add(col("_source_file"));
      bronze.add(col("_line_no"));
      bronze.add(col("_dt"));
      Dataset<Row> silver =
          Silver.checkOnly(
              spark,
              config,
              source,
              classified.filter(col("_reason").isNull()).select(bronze.toArray(Column[]::new)));
      Dataset<Row> judged =
          classified
              .filter(col("_reason").isNotNull())
              .select(col("_dt"), col("_reason"), lit(null).cast("string").as("_stop"))
              .unionByName(silver)
              .cache();
      Map<LocalDate, Ledger.Tally> tally = Ledger.tally(judged, lit(false));
      for (LocalDate day : landed.get().days()) {
        counts.add(
            Ledger.Counts.of(
                source, day, tally.getOrDefault(day, Ledger.Tally.NONE).byReason(), Map.of()));
      }
      for (Row stop :
          judged
              .filter(col("_stop").isNotNull())
              .groupBy("_dt", "_stop")
              .count()
              .orderBy("_dt")
              .collectAsList()) {
        stops.add(
            String.format(
                "%s on %s: %,d rows break %s, which stops the run (exit code 3)",
                source.folder(), stop.getDate(0), stop.getLong(2), stop.getString(1)));
      }
      judged.unpersist();
    }
    return new Report(counts, refused, stops);
  }

  /** Every landing day that has a folder for some source. */
  public static SortedSet<LocalDate> landedDays(SparkSession spark, LiveCartConfig config) {
    SortedSet<LocalDate> days = new TreeSet<>();
    Path landing = new Path(config.landing());
    try {
      FileSystem fs = landing.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(landing)) {
        throw Errors.badOption(
            "--root", config.landing(), "a folder holding <source>/dt=YYYY-MM-DD/ landing folders");
      }
      for (Source source : Source.values()) {
        Path folder = new Path(landing, source.folder());
        if (!fs.exists(folder)) {
          continue;
        }
        for (FileStatus child : fs.listStatus(folder)) {
          String name = child.getPath().getName();
          if (child.isDirectory() && name.startsWith("dt=")) {
            try {
              days.add(LocalDate.parse(name.substring(3)));
            } catch (DateTimeParseException e) {
              // not a landing day's folder: not read by any run either
            }
          }
        }
      }
    } catch (IOException e) {
      throw Errors.cannotRead(config.landing(), e);
    }
    return days;
  }
}
