package io.livecart.jobs.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.Table;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a layer did with some days' rows, written to {@code ops.quarantine} (each rejected row with
 * its reason and raw line) and {@code ops.reconciliation} (per source and landing day: read,
 * accepted, quarantined and flagged by reason). A run replaces its layer's rows of the days and
 * sources it processed, so a rerun leaves one set of rows.
 */
public final class Ledger {
  private static final StructType RECONCILIATION =
      new StructType()
          .add("layer", DataTypes.StringType, false)
          .add("source", DataTypes.StringType, false)
          .add("outcome", DataTypes.StringType, false)
          .add("reason", DataTypes.StringType, true)
          .add("rows", DataTypes.LongType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("_dt", DataTypes.DateType, false);

  /** The reconciliation's outcomes: rows read, accepted, quarantined and flagged by reason. */
  private static final String READ = "read";

  private static final String ACCEPTED = "accepted";
  private static final String QUARANTINED = "quarantined";
  private static final String FLAGGED = "flagged";

  private Ledger() {}

  /** One source's counts of one landing day in one layer; accepted = read - quarantined. */
  public record Counts(
      Source source,
      LocalDate day,
      long read,
      Map<String, Long> quarantined,
      Map<String, Long> flagged) {
    /** The counts of rows grouped by reason, where the empty reason counts the rows accepted. */
    public static Counts of(
        Source source, LocalDate day, Map<String, Long> byReason, Map<String, Long> flagged) {
      Map<String, Long> quarantined = new LinkedHashMap<>(byReason);
      quarantined.remove("");
      long read = byReason.values().stream().mapToLong(Long::longValue).sum();
      return new Counts(source, day, read, quarantined, flagged);
    }

    public long accepted() {
      return read - quarantined.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * One landing day's rows: counted by reason (the empty reason counts the rows accepted), and how
   * many accepted rows a flag holds for.
   */
  public record Tally(Map<String, Long> byReason, long flaggedAccepted) {
    /** A day without rows. */
    public static final Tally NONE = new Tally(Map.of(), 0);
  }

  /**
   * Counts {@code rows} (with {@code _dt}, and {@code _reason}: null when accepted) per landing day
   * and reason in one aggregation, and the accepted rows for which {@code flag} holds.
   */
  public static Map<LocalDate, Tally> tally(Dataset<Row> rows, Column flag) {
    Map<LocalDate, Map<String, Long>> byReason = new TreeMap<>();
    Map<LocalDate, Long> flagged = new TreeMap<>();
    for (Row row :
        rows.groupBy(col("_dt"), col("_reason"))
            .agg(count(lit(1)), count_if(flag))
            .collectAsList()) {
      LocalDate day = row.getDate(0).toLocalDate();
      byReason
          .computeIfAbsent(day, d -> new LinkedHashMap<>())
          .put(row.isNullAt(1) ? "" : row.getString(1), row.getLong(2));
      if (row.isNullAt(1)) {
        flagged.put(day, row.getLong(3));
      }
    }
    Map<LocalDate, Tally> tally = new TreeMap<>();
    byReason.forEach(
        (day, counts) -> tally.put(day, new Tally(counts, flagged.getOrDefault(day, 0L))));
    return tally;
  }

  /**
   * Quarantine rows from rejected rows carrying {@code _reason}, {@code _source_file}, {@code
   * _line_no} and {@code _dt}; {@code rawLine} is what to keep of the row.
   */
  public static Dataset<Row> quarantineRows(
      Dataset<Row> rejected, String layer, Source source, Column rawLine, String runId) {
    return rejected.select(
        lit(layer).as("layer"),
        lit(source.folder()).as("source"),
        col("_reason").as("reason"),
        rawLine.as("raw_line"),
        col("_source_file").as("source_file"),
        col("_line_no").as("line_no"),
        lit(runId).as("run_id"),
        current_timestamp().as("quarantined_at"),
        col("_dt"));
  }

  /**
   * Replaces the layer's quarantine and reconciliation rows of the days and sources counted, the
   * reconciliation last; returns the quarantine commit. Fails with exit code 3, before the
   * reconciliation is written, if the quarantine did not take the rows counted quarantined.
   */
  public static DeltaWrites.Written write(
      SparkSession spark,
      LiveCartConfig config,
      String layer,
      String runId,
      List<Counts> counts,
      List<Dataset<Row>> quarantine) {
    String slice = String.format("layer = '%s' AND (%s)", layer, sourceDays(counts));
    DeltaWrites.Written written =
        DeltaWrites.replace(
            spark,
            config,
            Table.QUARANTINE,
            quarantine.stream().reduce(Dataset::unionByName).orElseThrow(),
            slice,
            "_dt");
    long quarantined = counts.stream().mapToLong(c -> c.read() - c.accepted()).sum();
    if (written.rows() != quarantined) {
      throw Errors.reconciliationFailed(
          String.format(
              "%d %s rows quarantined on %s but %d rows written to %s",
              quarantined,
              layer,
              Steps.days(new TreeSet<>(counts.stream().map(Counts::day).toList())),
              written.rows(),
              written.table()));
    }
    List<Row> rows = new ArrayList<>();
    for (Counts c : counts) {
      String source = c.source().folder();
      Date day = Date.valueOf(c.day());
      rows.add(RowFactory.create(layer, source, READ, null, c.read(), runId, day));
      rows.add(RowFactory.create(layer, source, ACCEPTED, null, c.accepted(), runId, day));
      c.quarantined()
          .forEach(
              (reason, n) ->
                  rows.add(RowFactory.create(layer, source, QUARANTINED, reason, n, runId, day)));
      c.flagged()
          .forEach(
              (reason, n) ->
                  rows.add(RowFactory.create(layer, source, FLAGGED, reason, n, runId, day)));
    }
    DeltaWrites.replace(
        spark,
        config,
        Table.RECONCILIATION,
        spark.createDataFrame(rows, RECONCILIATION),
        slice,
        "_dt");
    return written;
  }

  /**
   * The counts {@link #write} recorded for the layer on {@code days} by one of {@code runIds}, per
   * source and day: what those runs finished of the days (the reconciliation is a pass's last
   * commit).
   */
  public static Map<Source, Map<LocalDate, Counts>> written(
      SparkSession spark,
      LiveCartConfig config,
      String layer,
      Set<String> runIds,
      SortedSet<LocalDate> days) {
    Map<Source, Map<LocalDate, Counts>> written = new EnumMap<>(Source.class);
    if (runIds.isEmpty() || !DeltaTable.isDeltaTable(spark, Table.RECONCILIATION.path(config))) {
      return written;
    }
    Map<Source, Map<LocalDate, List<Row>>> bySourceDay = new EnumMap<>(Source.class);
    for (Row row :
        spark
            .read()
            .format("delta")
            .load(Table.RECONCILIATION.path(config))
            .where(
                col("layer")
                    .equalTo(layer)
                    .and(col("run_id").isin(runIds.toArray()))
                    .and(col("_dt").between(Date.valueOf(days.first()), Date.valueOf(days.last()))))
            .select("source", "_dt", "outcome", "reason", "rows")
            .collectAsList()) {
      bySourceDay
          .computeIfAbsent(Source.ofFolder(row.getString(0)).orElseThrow(), s -> new TreeMap<>())
          .computeIfAbsent(row.getDate(1).toLocalDate(), d -> new ArrayList<>())
          .add(row);
    }
    bySourceDay.forEach(
        (source, byDay) ->
            byDay.forEach(
                (day, rows) -> {
                  Map<String, Long> quarantined = new LinkedHashMap<>();
                  Map<String, Long> flagged = new LinkedHashMap<>();
                  long read = 0;
                  for (Row row : rows) {
                    switch (row.getString(2)) {
                      case READ -> read = row.getLong(4);
                      case QUARANTINED -> quarantined.put(row.getString(3), row.getLong(4));
                      case FLAGGED -> flagged.put(row.getString(3), row.getLong(4));
                      default -> {} // accepted: read less quarantined
                    }
                  }
                  written
                      .computeIfAbsent(source, s -> new TreeMap<>())
                      .put(day, new Counts(source, day, read, quarantined, flagged));
                }));
    return written;
  }

  /**
   * A predicate on {@code source} and {@code _dt} matching exactly the source days counted: what a
   * run owns in a table of its ledger.
   */
  public static String sourceDays(List<Counts> counts) {
    Map<String, SortedSet<LocalDate>> days = new TreeMap<>();
    for (Counts c : counts) {
      days.computeIfAbsent(c.source().folder(), s -> new TreeSet<>()).add(c.day());
    }
    return days.entrySet().stream()
        .map(
            e ->
                String.format(
                    "(source = '%s' AND _dt IN (%s))", e.getKey(), SqlDates.list(e.getValue())))
        .collect(Collectors.joining(" OR "));
  }
}
