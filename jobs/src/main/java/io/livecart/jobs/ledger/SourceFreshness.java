package io.livecart.jobs.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.livecart.core.Errors;
import io.livecart.core.config.Freshness;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.Table;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Source freshness, as dbt's: after a night's ingest, each source is judged on its deliveries as
 * {@code ops.reconciliation} counted them in bronze. Lag: how many days its newest landing day with
 * rows lies before the night. Volume: the night's rows against the median of its landing days with
 * rows in the window before the night. Thresholds are {@code livecart.freshness} ({@link
 * Freshness}). The checks of the night replace its rows of {@code ops.source_freshness}; an error
 * then fails the night with exit code 3, before anything is built from the incomplete night.
 */
public final class SourceFreshness {
  public static final Table TABLE = new Table(Table.OPS, "source_freshness");

  public static final String PASS = "pass";
  public static final String WARN = "warn";
  public static final String ERROR = "error";

  /** A source that has never delivered a row: nothing to judge it by. */
  public static final String NOT_DELIVERED = "not_delivered";

  /** A source without a rule (a change feed, such as products). */
  public static final String NO_RULE = "no_rule";

  private static final StructType SCHEMA =
      new StructType()
          .add("as_of_date", DataTypes.DateType, false)
          .add("source", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("newest_day", DataTypes.DateType, true)
          .add("lag_days", DataTypes.IntegerType, true)
          .add("rows", DataTypes.LongType, false)
          .add("median_rows", DataTypes.DoubleType, true)
          .add("volume_ratio", DataTypes.DoubleType, true)
          .add("reason", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("checked_at", DataTypes.TimestampType, false);

  private SourceFreshness() {}

  /**
   * One source judged on one night.
   *
   * @param newestDay its newest landing day with rows, up to the night (null: never delivered)
   * @param rows its rows of the night
   * @param medianRows its norm: the median of its landing days with rows in the window before the
   *     night (null: none in the window)
   * @param ratio rows / medianRows, when the norm is large enough to judge by
   */
  public record Check(
      Source source,
      String status,
      LocalDate newestDay,
      Integer lagDays,
      long rows,
      Double medianRows,
      Double ratio,
      String reason) {}

  /** Judges every source on {@code night}, writes the checks, and fails on an error. */
  public static List<Check> check(
      SparkSession spark, LiveCartConfig config, LocalDate night, String runId) {
    Map<Source, SortedMap<LocalDate, Long>> delivered = delivered(spark, config, night);
    List<Check> checks = new ArrayList<>();
    for (Source source : Source.values()) {
      checks.add(
          judge(
              config.freshness(), source, night, delivered.getOrDefault(source, new TreeMap<>())));
    }
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (Check c : checks) {
      rows.add(
          RowFactory.create(
              Date.valueOf(night),
              c.source().folder(),
              c.status(),
              c.newestDay() == null ? null : Date.valueOf(c.newestDay()),
              c.lagDays(),
              c.rows(),
              c.medianRows(),
              c.ratio(),
              c.reason(),
              runId,
              now));
    }
    DeltaWrites.replace(
        spark,
        config,
        TABLE,
        spark.createDataFrame(rows, SCHEMA),
        "as_of_date = " + SqlDates.literal(night));
    List<String> errors =
        checks.stream()
            .filter(c -> c.status().equals(ERROR))
            .map(c -> c.source().folder() + ": " + c.reason())
            .toList();
    if (!errors.isEmpty()) {
      throw Errors.sourcesNotFresh(night, config.landing(), errors);
    }
    return checks;
  }

  /** Each source's bronze rows per landing day, for the days with rows up to the night. */
  private static Map<Source, SortedMap<LocalDate, Long>> delivered(
      SparkSession spark, LiveCartConfig config, LocalDate night) {
    Map<Source, SortedMap<LocalDate, Long>> delivered = new EnumMap<>(Source.class);
    Table.RECONCILIATION
        .read(spark, config)
        .ifPresent(
            reconciliation ->
                reconciliation
                    .where(
                        col("layer")
                            .equalTo("bronze")
                            .and(col("outcome").equalTo("read"))
                            .and(col("_dt").leq(Date.valueOf(night))))
                    .groupBy("source", "_dt")
                    .agg(sum("rows").as("rows"))
                    .where(col("rows").gt(0))
                    .collectAsList()
                    .forEach(
                        row ->
                            Source.ofFolder(row.getString(0))
                                .ifPresent(
                                    source ->
                                        delivered
                                            .computeIfAbsent(source, s -> new TreeMap<>())
                                            .put(row.getDate(1).toLocalDate(), row.getLong(2)))));
    return delivered;
  }

  /** Judges one source on {@code night} from its rows per landing day (days with rows only). */
  static Check judge(
      Freshness freshness, Source source, LocalDate night, SortedMap<LocalDate, Long> delivered) {
    long rows = delivered.getOrDefault(night, 0L);
    if (delivered.isEmpty()) {
      return new Check(
          source, NOT_DELIVERED, null, null, 0, null, null, "no rows delivered yet: not judged");
    }
    LocalDate newest = delivered.lastKey();
    int lag = (int) ChronoUnit.DAYS.between(newest, night);
    List<Long> window =
        new ArrayList<>(delivered.subMap(night.minusDays(freshness.windowDays()), night).values());
    Double median = window.isEmpty() ? null : median(window);
    Double ratio = median != null && median >= freshness.minMedianRows() ? rows / median : null;
    if (freshness.rule(source).isEmpty()) {
      return new Check(
          source, NO_RULE, newest, lag, rows, median, ratio, "no freshness rule: not judged");
    }
    Freshness.Rule rule = freshness.rule(source).get();
    String lagReason =
        lag == 0
            ? null
            : String.format(
                Locale.ROOT, "no rows since %s (%d day%s)", newest, lag, lag == 1 ? "" : "s");
    String volumeReason =
        ratio == null
            ? null
            : String.format(
                Locale.ROOT,
                "%,d rows, %.0f%% of the median %,.0f of its landing days in the %d before",
                rows,
                100 * ratio,
                median,
                freshness.windowDays());
    String status;
    String reason;
    if (exceeds(lag, rule.errorAfterDays()) || below(ratio, rule.errorBelow())) {
      status = ERROR;
      reason = exceeds(lag, rule.errorAfterDays()) ? lagReason : volumeReason;
    } else if (exceeds(lag, rule.warnAfterDays()) || below(ratio, rule.warnBelow())) {
      status = WARN;
      reason = exceeds(lag, rule.warnAfterDays()) ? lagReason : volumeReason;
    } else {
      status = PASS;
      reason =
          lagReason != null
              ? lagReason
              : volumeReason != null
                  ? volumeReason
                  : String.format(
                      Locale.ROOT, "%,d rows (too few days or rows to judge the volume)", rows);
    }
    return new Check(source, status, newest, lag, rows, median, ratio, reason);
  }

  private static boolean exceeds(int lag, Integer threshold) {
    return threshold != null && lag >= threshold;
  }

  private static boolean below(Double ratio, Double threshold) {
    return ratio != null && threshold != null && ratio < threshold;
  }

  private static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
