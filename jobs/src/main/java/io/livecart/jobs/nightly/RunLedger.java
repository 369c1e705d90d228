package io.livecart.jobs.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.Table;
import io.livecart.core.warehouse.TableDocs;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ops.runs}: what each run of {@code nightly} or {@code backfill} did, step by step. A step
 * appends a {@code running} row when it starts and a {@code succeeded} or {@code failed} row when
 * it ends, so a step killed mid-way stays {@code running} with no end, and {@code --resume} finds
 * the steps a run already finished. A step not run is one row: {@code skipped} (not due), {@code
 * upstream_failed} (a step or table it needs failed) or {@code resumed} (the run resumed finished
 * it). Append-only and atomic for readers: a step's start and its end are each a Delta commit; the
 * rows of steps not run, which did nothing a killed run could leave half done, go with the next
 * commit, or with the run's last ({@link #flush}).
 */
public final class RunLedger {
  public static final Table RUNS = new Table(Table.OPS, "runs");

  /** The status of a step not run because it was not due (a model step) or had nothing to do. */
  public static final String SKIPPED = "skipped";

  /** The status of a step not run because a step or gold table it needs failed. */
  public static final String UPSTREAM_FAILED = "upstream_failed";

  /**
   * The status of a step {@code --resume} did not run because an earlier run of the same command
   * and days finished it (succeeded, or found it not due): its outcome is that run's.
   */
  public static final String RESUMED = "resumed";

  /** The status of a step started and not yet ended (or killed). */
  private static final String RUNNING = "running";

  /** The statuses of a step that a run finished: {@code --resume} does not run it again. */
  private static final Set<String> FINISHED = Set.of("succeeded", SKIPPED, RESUMED);

  static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("command", DataTypes.StringType, false)
          .add("from_date", DataTypes.DateType, false)
          .add("to_date", DataTypes.DateType, false)
          .add("step", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("started_at", DataTypes.TimestampType, false)
          .add("ended_at", DataTypes.TimestampType, true)
          .add("rows_in", DataTypes.LongType, true)
          .add("rows_out", DataTypes.LongType, true)
          .add("versions", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
          .add("error", DataTypes.StringType, true);

  /** What a finished step reports: rows read and written, and the table versions it committed. */
  public record Outcome(Long rowsIn, Long rowsOut, Map<String, Long> versions) {}

  private final SparkSession spark;
  private final LiveCartConfig config;
  private final String runId;
  private final String command;
  private final LocalDate from;
  private final LocalDate to;

  /** Rows of steps not run, written with the next commit. */
  private final List<Row> pending = new ArrayList<>();

  RunLedger(
      SparkSession spark,
      LiveCartConfig config,
      String runId,
      String command,
      LocalDate from,
      LocalDate to) {
    this.spark = spark;
    this.config = config;
    this.runId = runId;
    this.command = command;
    this.from = from;
    this.to = to;
  }

  void started(String step, Instant at) {
    append(step, RUNNING, at, null, new Outcome(null, null, null), null);
  }

  void succeeded(String step, Instant started, Outcome outcome) {
    append(step, "succeeded", started, Instant.now(), outcome, null);
  }

  /**
   * Why a step does not run: its status ({@link #SKIPPED}, {@link #UPSTREAM_FAILED}, {@link
   * #RESUMED}) and the reason recorded with it.
   */
  record NotRun(String status, String reason) {
    /** A step {@code --resume} does not run: run {@code previousRunId} finished it. */
    static NotRun resumedAfter(String previousRunId) {
      return new NotRun(
          RESUMED,
          "finished in run " + previousRunId + " (succeeded, or not due); resumed after it");
    }
  }

  /** A step not run, and why (in the error column): written with the next commit. */
  void notRun(String step, Instant at, NotRun why) {
    pending.add(row(step, why.status(), at, at, new Outcome(null, null, null), why.reason()));
  }

  /** Writes the rows of the steps not run since the last commit, if any: at the run's end. */
  void flush() {
    if (!pending.isEmpty()) {
      write();
    }
  }

  /**
   * A step that failed, why in one line, and what it wrote before (a step whose parts failed in
   * part, as gold's tables: the versions of those it built), or null.
   */
  void failed(String step, Instant started, String why, Outcome outcome) {
    append(
        step,
        "failed",
        started,
        Instant.now(),
        outcome != null ? outcome : new Outcome(null, null, null),
        why);
  }

  /**
   * An earlier run: the steps it finished (succeeded, skipped as not due, or resumed: a run before
   * had finished them) and, of each step that failed in part, the tables it built all the same
   * (names without the database).
   *
   * @param ingesting the runs of the same command and days that started the ingest step since the
   *     last one finished it (killed or failed in it, or running it now): the passes they landed
   *     stand ({@link io.livecart.jobs.ingest.Ingest#resuming})
   */
  record Previous(
      String runId, Set<String> finished, Map<String, Set<String>> built, Set<String> ingesting) {}

  /** The latest earlier run of the same command and days: what {@code --resume} skips. */
  Optional<Previous> previous() {
    if (!DeltaTable.isDeltaTable(spark, RUNS.path(config))) {
      return Optional.empty();
    }
    Dataset<Row> earlier =
        spark
            .read()
            .format("delta")
            .load(RUNS.path(config))
            .where(
                String.format(
                    "command = '%s' AND from_date = %s AND to_date = %s AND run_id <> '%s'",
                    command, SqlDates.literal(from), SqlDates.literal(to), runId));
    Set<String> ingesting = startedSinceFinished(earlier, Nightly.Step.INGEST.label());
    List<Row> runs =
        earlier
            .groupBy("run_id")
            .agg(
                min("started_at").as("started"),
                collect_set(when(col("status").isin(FINISHED.toArray()), col("step"))).as("done"),
                collect_list(
                        expr(
                            "CASE WHEN status = 'failed' AND versions IS NOT NULL"
                                + " THEN struct(step, map_keys(versions)) END"))
                    .as("partial"))
            .orderBy(col("started").desc())
            .limit(1)
            .collectAsList();
    return runs.stream()
        .findFirst()
        .map(
            r -> {
              Map<String, Set<String>> built = new HashMap<>();
              for (Row partial : r.<Row>getList(3)) {
                built.put(
                    partial.getString(0),
                    partial.<String>getList(1).stream()
                        .map(qualified -> qualified.substring(qualified.indexOf('.') + 1))
                        .collect(Collectors.toSet()));
              }
              return new Previous(
                  r.getString(0), Set.copyOf(r.<String>getList(2)), built, ingesting);
            });
  }

  /** The runs that started {@code step} after the last run that finished it (or ever, if none). */
  private static Set<String> startedSinceFinished(Dataset<Row> runs, String step) {
    List<Row> rows =
        runs.where(col("step").equalTo(step))
            .select("run_id", "status", "started_at")
            .collectAsList();
    Timestamp finished =
        rows.stream()
            .filter(r -> FINISHED.contains(r.getString(1)))
            .map(r -> r.getTimestamp(2))
            .max(Timestamp::compareTo)
            .orElse(null);
    return rows.stream()
        .filter(r -> r.getString(1).equals(RUNNING))
        .filter(r -> finished == null || r.getTimestamp(2).after(finished))
        .map(r -> r.getString(0))
        .collect(Collectors.toSet());
  }

  private void append(
      String step, String status, Instant started, Instant ended, Outcome outcome, String error) {
    pending.add(row(step, status, started, ended, outcome, error));
    write();
  }

  private Row row(
      String step, String status, Instant started, Instant ended, Outcome outcome, String error) {
    return RowFactory.create(
        runId,
        command,
        Date.valueOf(from),
        Date.valueOf(to),
        step,
        status,
        Timestamp.from(started),
        ended == null ? null : Timestamp.from(ended),
        outcome.rowsIn(),
        outcome.rowsOut(),
        outcome.versions(),
        error);
  }

  /** Appends the pending rows in one commit. */
  private void write() {
    String path = RUNS.path(config);
    Dataset<Row> rows = spark.createDataFrame(List.copyOf(pending), SCHEMA);
    if (DeltaTable.isDeltaTable(spark, path)) {
      TableDocs.annotate(RUNS, rows).write().format("delta").mode("append").save(path);
    } else {
      DeltaWrites.create(spark, config, RUNS, rows, Map.of());
    }
    pending.clear();
  }
}
