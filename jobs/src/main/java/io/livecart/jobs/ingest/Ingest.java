package io.livecart.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.DirtyKind;
import io.livecart.core.landing.Source;
import io.livecart.core.spark.Sessions;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.ledger.Ledger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands business days of every source in bronze: {@code bronze.<source>}, partitioned by {@code
 * _dt}, one STRING column per declared field plus {@code _extra} (undeclared fields) and lineage
 * ({@code _source_file}, {@code _line_no}, {@code _ingest_run_id}, {@code _ingested_at}). A range
 * of days is read and written in one pass per source, as one Delta commit: a year of history costs
 * one night's fixed overhead, not 365. A range whose files exceed {@code livecart.ingest-pass-size}
 * is ingested in passes of consecutive days, each of them so.
 *
 * <p>Guarantees: every line read lands in exactly one place, the bronze table or {@code
 * ops.quarantine} (reasons {@code duplicate}: a line sent twice within its day, {@code
 * malformed_line} and {@code repeated_header}), with the raw line; {@code ops.reconciliation}
 * records per source and day rows read, accepted, quarantined by reason and flagged ({@code
 * extra_column}); the run fails with exit code 3 if what Delta wrote does not add up to what was
 * read. Phone numbers are replaced by {@code phone_hash} before anything is written, and masked in
 * quarantined lines. Ingesting a day again replaces that day's rows of each source present. A
 * source without files for a day is logged and skipped for that day.
 *
 * <p>Before any line is read, every file of every source is checked whole ({@link LandingFiles}):
 * one that cannot be read line by line (not UTF-8, a truncated gzip, a CSV header without a field
 * every row needs, a file that is no landing file) stops the ingest with exit code 2, naming each
 * such file, its problem and the fix, and nothing of the days is written.
 */
public final class Ingest {
  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
  static final String LAYER = "bronze";

  private final SparkSession spark;
  private final LiveCartConfig config;
  private final SortedSet<LocalDate> days;
  private final String runId;
  private final Set<String> resumed;

  private Ingest(
      SparkSession spark,
      LiveCartConfig config,
      Collection<LocalDate> days,
      String runId,
      Set<String> resumed) {
    this.spark = spark;
    this.config = config;
    this.days = new TreeSet<>(days);
    this.runId = runId;
    this.resumed = Set.copyOf(resumed);
  }

  /**
   * Ingests the landing folders of {@code days}, in one pass (or in passes of {@code
   * livecart.ingest-pass-size}).
   */
  public static Ingest of(
      SparkSession spark, LiveCartConfig config, Collection<LocalDate> days, String runId) {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("no day to ingest");
    }
    return new Ingest(spark, config, days, runId, Set.of());
  }

  public static Ingest of(SparkSession spark, LiveCartConfig config, LocalDate day, String runId) {
    return of(spark, config, List.of(day), runId);
  }

  /**
   * This ingest, resuming {@code runs} (killed or failed in an ingest of the same days, since the
   * last that finished): a pass whose every source and day one of them reconciled is not read
   * again, and its counts are theirs. The pass is the unit, as its ledger commit comes last.
   */
  public Ingest resuming(Set<String> runs) {
    return new Ingest(spark, config, days, runId, runs);
  }

  /**
   * @param sources per source and landing day: lines read, accepted into bronze, quarantined and
   *     flagged by reason
   * @param skipped per source, the days without landing files
   * @param tables the bronze commits, each source's once per pass
   */
  public record Result(
      SortedSet<LocalDate> days,
      String runId,
      List<Ledger.Counts> sources,
      Map<Source, SortedSet<LocalDate>> skipped,
      List<DeltaWrites.Written> tables) {}

  public Result execute() {
    String label = Steps.days(days);
    Steps.jobGroup(spark, "ingest", label);
    Map<Source, LandingFiles.Listing> listings = listAndCheck();
    long bytes = listings.values().stream().mapToLong(LandingFiles.Listing::bytes).sum();
    Sessions.compileIfLarge(spark, config, bytes);
    Map<Source, SortedSet<LocalDate>> skipped = new EnumMap<>(Source.class);
    for (Source source : Source.values()) {
      SortedSet<LocalDate> missing = new TreeSet<>(days);
      missing.removeAll(listings.get(source).days());
      if (!missing.isEmpty()) {
        skipped.put(source, missing);
      }
    }
    logSkipped(skipped);
    List<SortedSet<LocalDate>> passes = passes(listings, config.ingestPassBytes());
    if (passes.size() > 1) {
      LOG.info(
          "ingest {}: {} MiB of landing files, in {} passes of at most {} MiB"
              + " (livecart.ingest-pass-size)",
          label,
          bytes >> 20,
          passes.size(),
          config.ingestPassBytes() >> 20);
    }
    LandingReader reader = new LandingReader(spark);
    PersonalData personalData =
        new PersonalData(config, spark.sparkContext().hadoopConfiguration());
    Map<Source, Map<LocalDate, Ledger.Counts>> landed =
        Ledger.written(spark, config, LAYER, resumed, days);
    List<Ledger.Counts> results = new ArrayList<>();
    List<DeltaWrites.Written> tables = new ArrayList<>();
    for (SortedSet<LocalDate> pass : passes) {
      Map<Source, LandingFiles.Listing> passListings = new EnumMap<>(Source.class);
      listings.forEach((source, listing) -> passListings.put(source, listing.of(pass)));
      Optional<List<Ledger.Counts>> landedBefore = landedBefore(passListings, landed);
      if (landedBefore.isPresent()) {
        LOG.info("ingest {}: landed by the run resumed, not read again", Steps.days(pass));
        results.addAll(landedBefore.get());
        continue;
      }
      ingest(reader, personalData, passListings, Steps.days(pass), results, tables);
    }
    results.sort(Comparator.comparing(Ledger.Counts::source).thenComparing(Ledger.Counts::day));
    return new Result(days, runId, results, skipped, tables);
  }

  /**
   * The counts of a pass that runs resumed landed whole: of every source with files in it, every
   * day; empty if any is missing (it is read again).
   */
  private static Optional<List<Ledger.Counts>> landedBefore(
      Map<Source, LandingFiles.Listing> pass, Map<Source, Map<LocalDate, Ledger.Counts>> landed) {
    List<Ledger.Counts> counts = new ArrayList<>();
    for (Map.Entry<Source, LandingFiles.Listing> source : pass.entrySet()) {
      if (source.getValue().files().isEmpty()) {
        continue;
      }
      Map<LocalDate, Ledger.Counts> days = landed.getOrDefault(source.getKey(), Map.of());
      for (LocalDate day : source.getValue().days()) {
        if (!days.containsKey(day)) {
          return Optional.empty();
        }
        counts.add(days.get(day));
      }
    }
    return counts.isEmpty() ? Optional.empty() : Optional.of(counts);
  }

  /**
   * The days in passes of consecutive days whose files add up to at most {@code passBytes} (a day
   * larger than that is a pass of its own).
   */
  static List<SortedSet<LocalDate>> passes(
      Map<Source, LandingFiles.Listing> listings, long passBytes) {
    Map<LocalDate, Long> bytesByDay = new TreeMap<>();
    for (LandingFiles.Listing listing : listings.values()) {
      listing.days().forEach(day -> bytesByDay.merge(day, 0L, Long::sum));
      listing.files().forEach(file -> bytesByDay.merge(file.day(), file.bytes(), Long::sum));
    }
    List<SortedSet<LocalDate>> passes = new ArrayList<>();
    SortedSet<LocalDate> pass = new TreeSet<>();
    long passSize = 0;
    for (Map.Entry<LocalDate, Long> day : bytesByDay.entrySet()) {
      if (!pass.isEmpty() && passSize + day.getValue() > passBytes) {
        passes.add(pass);
        pass = new TreeSet<>();
        passSize = 0;
      }
      pass.add(day.getKey());
      passSize += day.getValue();
    }
    if (!pass.isEmpty()) {
      passes.add(pass);
    }
    return passes;
  }

  /**
   * Lands the files of {@code listings} (one pass): each source's lines are read once, held while
   * its bronze rows and quarantine are written, and released with the pass.
   */
  private void ingest(
      LandingReader reader,
      PersonalData personalData,
      Map<Source, LandingFiles.Listing> listings,
      String label,
      List<Ledger.Counts> results,
      List<DeltaWrites.Written> tables) {
    List<Ledger.Counts> passCounts = new ArrayList<>();
    List<Dataset<Row>> quarantine = new ArrayList<>();
    List<Row> drift = new ArrayList<>();
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      for (Source source : Source.values()) {
        long start = System.nanoTime();
        var landed = reader.read(source, listings.get(source));
        if (landed.isEmpty()) {
          continue;
        }
        Dataset<Row> classified =
            classify(landed.get().lines()).persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(classified);
        Map<LocalDate, Ledger.Tally> tally = Ledger.tally(classified, col("_extra").isNotNull());
        Dataset<Row> acceptedRows = classified.filter(col("_reason").isNull());
        long accepted = 0;
        boolean anyDrift = false;
        List<Ledger.Counts> counts = new ArrayList<>();
        for (LocalDate day : landed.get().days()) {
          Ledger.Tally dayTally = tally.getOrDefault(day, Ledger.Tally.NONE);
          Map<String, Long> flagged = new LinkedHashMap<>();
          if (dayTally.flaggedAccepted() > 0) {
            flagged.put(DirtyKind.EXTRA_COLUMN.code(), dayTally.flaggedAccepted());
            anyDrift = true;
          }
          Ledger.Counts dayCounts = Ledger.Counts.of(source, day, dayTally.byReason(), flagged);
          accepted += dayCounts.accepted();
          counts.add(dayCounts);
        }
        if (anyDrift) {
          for (Row row :
              acceptedRows
                  .select(col("_dt"), explode(map_keys(col("_extra"))).as("column"))
                  .groupBy("_dt", "column")
                  .count()
                  .collectAsList()) {
            drift.add(
                RowFactory.create(
                    row.getDate(0), source.folder(), row.getString(1), row.getLong(2), runId));
          }
        }
        DeltaWrites.Written bronze =
            DeltaWrites.replace(
                spark,
                config,
                Table.bronze(source),
                bronzeRows(source, acceptedRows, personalData),
                "_dt IN (" + SqlDates.list(landed.get().days()) + ")",
                "_dt");
        if (bronze.rows() != accepted) {
          throw Errors.reconciliationFailed(
              String.format(
                  "%s on %s: %d lines accepted but %d rows written to %s",
                  source.folder(), label, accepted, bronze.rows(), bronze.table()));
        }
        quarantine.add(quarantineRows(source, classified.filter(col("_reason").isNotNull())));
        passCounts.addAll(counts);
        tables.add(bronze);
        Steps.log("ingest " + source.folder() + " " + label, accepted, start);
      }
      writeOps(passCounts, quarantine, drift);
      results.addAll(passCounts);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  /**
   * One line per set of days without files, naming the sources that miss exactly those days: a shop
   * that sends only orders reads one line, not seven.
   */
  private static void logSkipped(Map<Source, SortedSet<LocalDate>> skipped) {
    Map<SortedSet<LocalDate>, List<String>> sourcesByDays = new LinkedHashMap<>();
    skipped.forEach(
        (source, missing) ->
            sourcesByDays.computeIfAbsent(missing, m -> new ArrayList<>()).add(source.folder()));
    sourcesByDays.forEach(
        (missing, sources) ->
            LOG.info(
                "ingest {}: no landing files on {}, skipped",
                String.join(", ", sources),
                Steps.ranges(missing)));
  }

  /**
   * Every source's files of the days, each checked whole ({@link LandingFiles}) before anything is
   * written: a refused file stops the ingest with exit code 2 and every refusal named, so no file
   * and no source is ever half loaded.
   */
  private Map<Source, LandingFiles.Listing> listAndCheck() {
    Map<Source, LandingFiles.Listing> listings = new EnumMap<>(Source.class);
    List<String> refused = new ArrayList<>();
    for (Source source : Source.values()) {
      LandingFiles.Listing listing = LandingFiles.list(spark, config, source, days);
      listings.put(source, listing);
      listing.refused().forEach(refusal -> refused.add(refusal.toString()));
    }
    if (!refused.isEmpty()) {
      throw Errors.landingFilesRefused(refused);
    }
    return listings;
  }

  /** The reason of a CSV line that repeats its file's header (files concatenated with theirs). */
  public static final String REPEATED_HEADER = "repeated_header";

  /**
   * Adds {@code _reason}: repeated_header, duplicate (a repeat of an earlier line of its day),
   * malformed_line, or null.
   */
  static Dataset<Row> classify(Dataset<Row> lines) {
    Column repeat =
        row_number()
            .over(Window.partitionBy("_dt", "_raw").orderBy("_source_file", "_line_no"))
            .gt(1);
    return lines.withColumn(
        "_reason",
        when(col("_repeated_header"), REPEATED_HEADER)
            .when(repeat, DirtyKind.DUPLICATE.code())
            .when(col("_malformed"), DirtyKind.MALFORMED_LINE.code()));
  }

  private Dataset<Row> bronzeRows(Source source, Dataset<Row> accepted, PersonalData personalData) {
    List<Column> columns = new ArrayList<>();
    for (String field : source.fields()) {
      columns.add(
          source == Source.USERS && field.equals("phone")
              ? personalData.hash(col(field)).as("phone_hash")
              : col(field));
    }
    columns.add(col("_extra"));
    columns.add(col("_source_file"));
    columns.add(col("_line_no"));
    columns.add(lit(runId).as("_ingest_run_id"));
    columns.add(current_timestamp().as("_ingested_at"));
    columns.add(col("_dt"));
    return accepted.select(columns.toArray(Column[]::new));
  }

  private Dataset<Row> quarantineRows(Source source, Dataset<Row> rejected) {
    Column raw =
        source == Source.USERS
            ? regexp_replace(col("_raw"), PersonalData.PHONE_PATTERN, "***********")
            : col("_raw");
    return Ledger.quarantineRows(rejected, LAYER, source, raw, runId);
  }

  /** The pass's schema drift, then its ledger: the reconciliation, its last commit, says done. */
  private void writeOps(
      List<Ledger.Counts> counts, List<Dataset<Row>> quarantine, List<Row> drift) {
    if (counts.isEmpty()) {
      return;
    }
    DeltaWrites.replace(
        spark,
        config,
        Table.SCHEMA_DRIFT,
        spark.createDataFrame(drift, DRIFT_SCHEMA),
        Ledger.sourceDays(counts),
        "_dt");
    Ledger.write(spark, config, LAYER, runId, counts, quarantine);
  }

  private static final StructType DRIFT_SCHEMA =
      new StructType()
          .add("_dt", DataTypes.DateType, false)
          .add("source", DataTypes.StringType, false)
          .add("column_name", DataTypes.StringType, false)
          .add("rows", DataTypes.LongType, false)
          .add("run_id", DataTypes.StringType, false);
}
