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
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.ledger.Ledger;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands one business day of every source in bronze: {@code bronze.<source>}, partitioned by {@code
 * _dt}, one STRING column per declared field plus {@code _extra} (undeclared fields) and lineage
 * ({@code _source_file}, {@code _line_no}, {@code _ingest_run_id}, {@code _ingested_at}).
 *
 * <p>Guarantees: every line read lands in exactly one place, the bronze table or {@code
 * ops.quarantine} (reasons {@code duplicate}: a line sent twice within the day, and {@code
 * malformed_line}), with the raw line; {@code ops.reconciliation} records per source rows read,
 * accepted, quarantined by reason and flagged ({@code extra_column}); the run fails with exit code
 * 3 if what Delta wrote does not add up to what was read. Phone numbers are replaced by {@code
 * phone_hash} before anything is written, and masked in quarantined lines. Ingesting a day again
 * replaces that day's rows of each source present. A source without files for the day is logged and
 * skipped.
 */
public final class Ingest {
  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
  static final String LAYER = "bronze";

  private final SparkSession spark;
  private final LiveCartConfig config;
  private final LocalDate date;
  private final String runId;

  private Ingest(SparkSession spark, LiveCartConfig config, LocalDate date, String runId) {
    this.spark = spark;
    this.config = config;
    this.date = date;
    this.runId = runId;
  }

  public static Ingest of(SparkSession spark, LiveCartConfig config, LocalDate date, String runId) {
    return new Ingest(spark, config, date, runId);
  }

  /**
   * Per source: lines read, accepted into bronze, quarantined by reason, flagged by reason, and the
   * bronze table version written.
   */
  public record SourceResult(Ledger.Counts counts, long bronzeVersion) {
    public Source source() {
      return counts.source();
    }

    public long read() {
      return counts.read();
    }

    public long accepted() {
      return counts.accepted();
    }

    public Map<String, Long> quarantined() {
      return counts.quarantined();
    }

    public Map<String, Long> flagged() {
      return counts.flagged();
    }
  }

  public record Result(
      LocalDate date, String runId, List<SourceResult> sources, List<Source> skipped) {}

  public Result execute() {
    spark.sparkContext().setJobGroup("ingest-" + date, "livecart ingest " + date, false);
    LandingReader reader = new LandingReader(spark, config);
    PersonalData personalData =
        new PersonalData(config, spark.sparkContext().hadoopConfiguration());
    List<SourceResult> results = new ArrayList<>();
    List<Source> skipped = new ArrayList<>();
    List<Dataset<Row>> quarantine = new ArrayList<>();
    List<Row> drift = new ArrayList<>();
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      for (Source source : Source.values()) {
        long start = System.nanoTime();
        var lines = reader.read(source, date);
        if (lines.isEmpty()) {
          LOG.info("ingest {} {}: no landing files, skipped", source.folder(), date);
          skipped.add(source);
          continue;
        }
        Dataset<Row> classified = classify(lines.get()).persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(classified);
        Map<String, Long> byReason = new LinkedHashMap<>();
        long extraRows = 0;
        for (Row row :
            classified
                .groupBy(col("_reason"), col("_extra").isNotNull().as("drift"))
                .count()
                .collectAsList()) {
          byReason.merge(row.isNullAt(0) ? "" : row.getString(0), row.getLong(2), Long::sum);
          extraRows += row.isNullAt(0) && row.getBoolean(1) ? row.getLong(2) : 0;
        }
        long accepted = byReason.getOrDefault("", 0L);
        Map<String, Long> flagged = new LinkedHashMap<>();
        Dataset<Row> acceptedRows = classified.filter(col("_reason").isNull());
        if (extraRows > 0) {
          flagged.put(DirtyKind.EXTRA_COLUMN.code(), extraRows);
          for (Row row :
              acceptedRows
                  .select(explode(map_keys(col("_extra"))).as("column"))
                  .groupBy("column")
                  .count()
                  .collectAsList()) {
            drift.add(
                RowFactory.create(
                    Date.valueOf(date), source.folder(), row.getString(0), row.getLong(1), runId));
          }
        }
        DeltaWrites.Written bronze =
            DeltaWrites.replace(
                spark,
                config,
                Table.bronze(source),
                bronzeRows(source, acceptedRows, personalData),
                "_dt = DATE'" + date + "'",
                "_dt");
        if (bronze.rows() != accepted) {
          throw Errors.reconciliationFailed(
              String.format(
                  "%s on %s: %d lines accepted but %d rows written to %s",
                  source.folder(), date, accepted, bronze.rows(), bronze.table()));
        }
        quarantine.add(quarantineRows(source, classified.filter(col("_reason").isNotNull())));
        results.add(
            new SourceResult(Ledger.Counts.of(source, byReason, flagged), bronze.version()));
        Steps.log("ingest " + source.folder() + " " + date, accepted, start);
      }
      writeOps(results, quarantine, drift);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
    return new Result(date, runId, results, skipped);
  }

  /**
   * Adds {@code _reason}: duplicate (a repeat of an earlier line of the day), malformed_line, or
   * null.
   */
  private static Dataset<Row> classify(Dataset<Row> lines) {
    Column repeat =
        row_number().over(Window.partitionBy("_raw").orderBy("_source_file", "_line_no")).gt(1);
    return lines.withColumn(
        "_reason",
        when(repeat, DirtyKind.DUPLICATE.code())
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
    columns.add(lit(Date.valueOf(date)).as("_dt"));
    return accepted.select(columns.toArray(Column[]::new));
  }

  private Dataset<Row> quarantineRows(Source source, Dataset<Row> rejected) {
    Column raw =
        source == Source.USERS
            ? regexp_replace(col("_raw"), PersonalData.PHONE_PATTERN, "***********")
            : col("_raw");
    return Ledger.quarantineRows(rejected, LAYER, source, raw, date, runId);
  }

  private void writeOps(
      List<SourceResult> results, List<Dataset<Row>> quarantine, List<Row> drift) {
    if (results.isEmpty()) {
      return;
    }
    List<Ledger.Counts> counts = results.stream().map(SourceResult::counts).toList();
    DeltaWrites.Written written =
        Ledger.write(spark, config, LAYER, date, runId, counts, quarantine);
    long expected = counts.stream().mapToLong(c -> c.read() - c.accepted()).sum();
    if (written.rows() != expected) {
      throw Errors.reconciliationFailed(
          String.format(
              "%d lines quarantined on %s but %d rows written to %s",
              expected, date, written.rows(), written.table()));
    }
    String sources =
        results.stream().map(r -> "'" + r.source().folder() + "'").collect(Collectors.joining(","));
    String driftSlice = String.format("_dt = DATE'%s' AND source IN (%s)", date, sources);
    DeltaWrites.replace(
        spark,
        config,
        Table.SCHEMA_DRIFT,
        spark.createDataFrame(drift, DRIFT_SCHEMA),
        driftSlice,
        "_dt");
  }

  private static final StructType DRIFT_SCHEMA =
      new StructType()
          .add("_dt", DataTypes.DateType, false)
          .add("source", DataTypes.StringType, false)
          .add("column_name", DataTypes.StringType, false)
          .add("rows", DataTypes.LongType, false)
          .add("run_id", DataTypes.StringType, false);
}
