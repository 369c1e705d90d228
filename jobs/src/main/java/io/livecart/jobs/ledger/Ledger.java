package io.livecart.jobs.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Table;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a layer did with one day's rows, written to {@code ops.quarantine} (each rejected row with
 * its reason and raw line) and {@code ops.reconciliation} (per source: read, accepted, quarantined
 * and flagged by reason). A run replaces its layer's rows of the day for the sources it processed,
 * so a rerun leaves one set of rows.
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

  private Ledger() {}

  /** One source's counts in one layer; accepted = read - quarantined. */
  public record Counts(
      Source source, long read, Map<String, Long> quarantined, Map<String, Long> flagged) {
    /** The counts of rows grouped by reason, where the empty reason counts the rows accepted. */
    public static Counts of(Source source, Map<String, Long> byReason, Map<String, Long> flagged) {
      Map<String, Long> quarantined = new LinkedHashMap<>(byReason);
      quarantined.remove("");
      long read = byReason.values().stream().mapToLong(Long::longValue).sum();
      return new Counts(source, read, quarantined, flagged);
    }

    public long accepted() {
      return read - quarantined.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Quarantine rows from rejected rows carrying {@code _reason}, {@code _source_file} and {@code
   * _line_no}; {@code rawLine} is what to keep of the row.
   */
  public static Dataset<Row> quarantineRows(
      Dataset<Row> rejected,
      String layer,
      Source source,
      Column rawLine,
      LocalDate date,
      String runId) {
    return rejected.select(
        lit(layer).as("layer"),
        lit(source.folder()).as("source"),
        col("_reason").as("reason"),
        rawLine.as("raw_line"),
        col("_source_file").as("source_file"),
        col("_line_no").as("line_no"),
        lit(runId).as("run_id"),
        current_timestamp().as("quarantined_at"),
        lit(Date.valueOf(date)).as("_dt"));
  }

  /**
   * Writes the day's quarantine and reconciliation rows of a layer; returns the quarantine commit.
   */
  public static DeltaWrites.Written write(
      SparkSession spark,
      LiveCartConfig config,
      String layer,
      LocalDate date,
      String runId,
      List<Counts> counts,
      List<Dataset<Row>> quarantine) {
    String sources =
        counts.stream().map(c -> "'" + c.source().folder() + "'").collect(Collectors.joining(","));
    String slice =
        String.format("_dt = DATE'%s' AND layer = '%s' AND source IN (%s)", date, layer, sources);
    DeltaWrites.Written written =
        DeltaWrites.replace(
            spark,
            config,
            Table.QUARANTINE,
            quarantine.stream().reduce(Dataset::unionByName).orElseThrow(),
            slice,
            "_dt");
    List<Row> rows = new ArrayList<>();
    Date day = Date.valueOf(date);
    for (Counts c : counts) {
      String source = c.source().folder();
      rows.add(RowFactory.create(layer, source, "read", null, c.read(), runId, day));
      rows.add(RowFactory.create(layer, source, "accepted", null, c.accepted(), runId, day));
      c.quarantined()
          .forEach(
              (reason, n) ->
                  rows.add(RowFactory.create(layer, source, "quarantined", reason, n, runId, day)));
      c.flagged()
          .forEach(
              (reason, n) ->
                  rows.add(RowFactory.create(layer, source, "flagged", reason, n, runId, day)));
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
}
