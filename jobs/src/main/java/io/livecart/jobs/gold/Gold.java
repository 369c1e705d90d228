package io.livecart.jobs.gold;

import static java.util.stream.Collectors.toSet;

import io.livecart.core.Concurrently;
import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.calendar.BusinessCalendar;
import io.livecart.core.calendar.Festival;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.SqlTemplate;
import io.livecart.core.warehouse.Table;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Builds the gold star schema and marts from their SQL files ({@code sql/gold/<table>.sql}, carried
 * in the jar), in dependency order, for one night.
 *
 * <p>A night touches some business days: its own day, the order days its late updates reached, and
 * the air days of the sessions those orders, viewing and interactions belong to ({@code
 * sql/gold/build_days.sql}). Each table declares how it is refreshed ({@link Refresh}): day tables
 * replace their rows of the touched days, month tables their touched months, snapshots (dimensions,
 * RFM, cohorts ...) are rebuilt whole as of the night, and the alerts replace the night's rows. The
 * log facts (viewing, interactions) replace only the air days of the sessions whose logs the night
 * brought. So a rerun leaves the same tables, and a late refund rebuilds exactly what it changed.
 *
 * <p>The SQL reads its inputs as literals in placeholders: the day lists ({@code {{build_days}}},
 * {@code {{scan_days}}}: the build days and their neighbours, for pruning the landing-day
 * partitions of silver logs, {@code {{build_months}}}, and {@code {{log_build_days}}}, {@code
 * {{log_scan_days}}} for the log facts), the night ({@code {{as_of}}}) and every key of {@code
 * livecart.gold.parameters} ({@code {{min_conversion_rate}}} ...). Literals, rather than Spark's
 * parameter markers, because those are not bound inside subqueries, and because literal day lists
 * let Delta prune partitions and files before the query runs. Temporary views {@code
 * business_calendar} and {@code comment_topics} carry the festival calendar and the comment keyword
 * lexicon, and the function {@code two_proportion_p_value} the significance tests of the A/B
 * summaries.
 */
public final class Gold {
  /** How a table's rows are replaced by a night. */
  enum Refresh {
    /** Rebuilt whole, as of the night. */
    SNAPSHOT,
    /** The rows whose date column is a build day. */
    DAYS,
    /**
     * The rows whose date column is a log day: the air day of a session whose viewing or
     * interactions the night brought (a late refund changes no log fact).
     */
    LOG_DAYS,
    /** The rows whose month column is the month of a build day. */
    MONTHS,
    /** The rows whose date column is the night. */
    NIGHT
  }

  /**
   * A gold table: its SQL file, how it is refreshed, the date column of that refresh, and whether
   * it is partitioned by that column.
   */
  record Mart(String name, Refresh refresh, String column, boolean partitioned) {
    static Mart snapshot(String name) {
      return new Mart(name, Refresh.SNAPSHOT, null, false);
    }

    static Mart days(String name, String column) {
      return new Mart(name, Refresh.DAYS, column, false);
    }

    static Mart fact(String name, String column) {
      return new Mart(name, Refresh.DAYS, column, true);
    }

    static Mart logFact(String name, String column) {
      return new Mart(name, Refresh.LOG_DAYS, column, true);
    }

    static Mart months(String name, String column) {
      return new Mart(name, Refresh.MONTHS, column, false);
    }
  }

  /** Gold tables in dependency order. */
  static final List<Mart> TABLES =
      List.of(
          Mart.snapshot("dim_date"),
          Mart.snapshot("dim_product"),
          Mart.snapshot("dim_user"),
          Mart.snapshot("dim_live_session"),
          Mart.snapshot("dim_anchor"),
          Mart.fact("fact_order_lines", "order_date"),
          Mart.logFact("fact_viewing", "session_date"),
          Mart.logFact("fact_interactions", "session_date"),
          Mart.days("session_curve", "session_date"),
          Mart.days("live_session_review", "session_date"),
          Mart.days("session_funnel", "session_date"),
          Mart.days("session_sku_funnel", "session_date"),
          Mart.days("session_traffic", "session_date"),
          Mart.snapshot("session_benchmark"),
          Mart.days("comment_keywords", "session_date"),
          Mart.days("product_daily", "order_date"),
          Mart.days("category_daily", "order_date"),
          Mart.days("anchor_daily", "session_date"),
          Mart.days("hour_heatmap", "date"),
          Mart.months("repurchase_monthly", "month"),
          Mart.months("inventory_turnover", "month"),
          Mart.snapshot("rfm"),
          Mart.snapshot("cohort_retention"),
          Mart.snapshot("repurchase_rate"),
          Mart.snapshot("repurchase_funnel"),
          Mart.snapshot("basket_rules"),
          Mart.snapshot("product_lifecycle"),
          Mart.snapshot("promo_ab"),
          new Mart("alerts", Refresh.NIGHT, "alert_date", false));

  /** The names of the gold tables, in dependency order. */
  public static List<String> names() {
    return TABLES.stream().map(Mart::name).toList();
  }

  private static final Logger LOG = LoggerFactory.getLogger(Gold.class);

  /** The years the business calendar tabulates: the range of {@code gold.dim_date}. */
  private static final LocalDate CALENDAR_FIRST = LocalDate.of(2015, 1, 1);

  private static final LocalDate CALENDAR_LAST = LocalDate.of(2035, 12, 31);

  private final SparkSession spark;

  private final LiveCartConfig config;
  private final LocalDate night;
  private final SortedSet<LocalDate> landingDays;

  /** Placeholder values: the night and the gold parameters, as SQL literals. */
  private final Map<String, String> parameters;

  private Gold(SparkSession spark, LiveCartConfig config, SortedSet<LocalDate> landingDays) {
    this.spark = spark;
    this.config = config;
    this.landingDays = landingDays;
    this.night = landingDays.last();
    this.parameters = new HashMap<>();
    config.goldParameters().forEach((name, value) -> parameters.put(name, value.toString()));
    this.parameters.put("as_of", SqlDates.literal(night));
  }

  /**
   * Gold for the landing days silver processed, in one pass: the last of them is the night, the
   * as-of date of snapshots and alerts. What else to rebuild is read from silver ({@code
   * sql/gold/build_days.sql}).
   *
   * @param landingDays the landing days silver processed (a night, or a backfill's range)
   */
  public static Gold of(
      SparkSession spark, LiveCartConfig config, Collection<LocalDate> landingDays) {
    if (landingDays.isEmpty()) {
      throw new IllegalArgumentException("no day to build");
    }
    return new Gold(spark, config, new TreeSet<>(landingDays));
  }

  public static Gold of(SparkSession spark, LiveCartConfig config, LocalDate night) {
    return of(spark, config, List.of(night));
  }

  /**
   * What a night rebuilt: the build days and each built table's commit; the tables that failed,
   * with why in one line, and those skipped because a table they read failed, with that table. A
   * failed table leaves its previous rows (a Delta commit is atomic), and the tables that do not
   * read it are built all the same.
   */
  public record Result(
      SortedSet<LocalDate> days,
      List<DeltaWrites.Written> tables,
      Map<String, String> failed,
      Map<String, String> skipped) {
    public boolean complete() {
      return failed.isEmpty();
    }
  }

  public Result execute() {
    return execute(Set.of());
  }

  /**
   * @param built the tables an earlier run of the same days built already (a resumed run): not
   *     built again, and their readers take them as they are
   */
  public Result execute(Set<String> built) {
    return execute(reads -> built);
  }

  /**
   * Builds only the tables {@code selectors} name, as dbt's {@code --select}: {@code rfm} is that
   * table, {@code rfm+} that table and every table that reads it, directly or through another, and
   * {@code +rfm} that table and every table it reads. The other tables are left as they are, and
   * the selected ones read them so.
   *
   * @throws io.livecart.core.LiveCartException (bad input) for a selector that names no gold table
   */
  public Result executeSelected(Collection<String> selectors) {
    Set<String> names = new TreeSet<>(names());
    Set<String> selected = new HashSet<>();
    Set<String> downstream = new HashSet<>();
    Set<String> upstream = new HashSet<>();
    for (String selector : selectors) {
      boolean read = selector.startsWith("+");
      String name = read ? selector.substring(1) : selector;
      boolean readers = name.endsWith("+");
      name = readers ? name.substring(0, name.length() - 1) : name;
      if (!names.contains(name)) {
        throw Errors.badOption(
            "--select",
            selector,
            "a gold table, + after it for its readers too, + before it for what it reads: one of "
                + names);
      }
      selected.add(name);
      if (readers) {
        downstream.add(name);
      }
      if (read) {
        upstream.add(name);
      }
    }
    return execute(
        reads -> {
          for (Mart mart : TABLES) { // in dependency order: a reader comes after what it reads
            if (reads.get(mart.name()).stream().anyMatch(downstream::contains)) {
              downstream.add(mart.name());
              selected.add(mart.name());
            }
          }
          for (int i = TABLES.size() - 1; i >= 0; i--) { // a table before what it reads
            Mart mart = TABLES.get(i);
            if (upstream.contains(mart.name())) {
              upstream.addAll(reads.get(mart.name()));
              selected.addAll(reads.get(mart.name()));
            }
          }
          return names.stream().filter(name -> !selected.contains(name)).collect(toSet());
        });
  }

  /**
   * @param skip the tables not to build, from the gold tables each table reads
   */
  private Result execute(Function<Map<String, Set<String>>, Set<String>> skip) {
    Steps.jobGroup(spark, "gold", night.toString());
    Catalog.register(spark, config);
    registerViews();
    BuildDays days = buildDays();
    Map<String, String> values = new HashMap<>(parameters);
    values.putAll(dayLists(days.all(), ""));
    values.putAll(dayLists(days.logs(), "log_"));
    Map<String, String> queries = new LinkedHashMap<>();
    Map<String, Set<String>> reads = new HashMap<>();
    TABLES.forEach(
        mart -> {
          queries.put(mart.name(), render(mart.name(), values));
          reads.put(mart.name(), reads(queries.get(mart.name())));
        });
    Set<String> built = skip.apply(reads);
    Map<Mart, Concurrently.Outcome<Mart, Optional<DeltaWrites.Written>>> outcomes =
        Concurrently.run(
            config.goldThreads(),
            TABLES,
            mart ->
                TABLES.stream()
                    .filter(m -> reads.get(mart.name()).contains(m.name()))
                    .collect(toSet()),
            mart ->
                built.contains(mart.name())
                    ? Optional.empty()
                    : Optional.of(build(mart, queries.get(mart.name()), values)));
    List<DeltaWrites.Written> written = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    outcomes.forEach(
        (mart, outcome) -> {
          if (outcome.succeeded()) {
            outcome.value().ifPresent(written::add);
          }
          outcome.failed().ifPresent(error -> failed.put(mart.name(), Errors.summary(error)));
          outcome.skippedFor().ifPresent(need -> skipped.put(mart.name(), need.name()));
        });
    failed.forEach((table, why) -> LOG.error("gold {} {} failed: {}", table, night, why));
    skipped.forEach(
        (table, need) ->
            LOG.warn("gold {} {} skipped: it reads gold.{}, which failed", table, night, need));
    return new Result(days.all(), written, failed, skipped);
  }

  /** Builds one table from its rendered SQL and replaces its slice. */
  private DeltaWrites.Written build(Mart mart, String sql, Map<String, String> values) {
    long start = System.nanoTime();
    Dataset<Row> rows = spark.sql(sql);
    String slice =
        switch (mart.refresh()) {
          case SNAPSHOT -> null;
          case DAYS -> mart.column() + " IN (" + values.get("build_days") + ")";
          case LOG_DAYS -> mart.column() + " IN (" + values.get("log_build_days") + ")";
          case MONTHS -> mart.column() + " IN (" + values.get("build_months") + ")";
          case NIGHT -> mart.column() + " = " + SqlDates.literal(night);
        };
    DeltaWrites.Written result =
        DeltaWrites.replace(
            spark,
            config,
            new Table(Table.GOLD, mart.name()),
            rows,
            slice,
            mart.partitioned() ? new String[] {mart.column()} : new String[0]);
    Steps.log("gold " + mart.name() + " " + night, result.rows(), start);
    return result;
  }

  /**
   * The gold tables a query reads, as Spark's own parser sees them: every relation {@code
   * gold.<table>} of its plan, its common table expressions and its subqueries (a name in a comment
   * or a string is no read). A table is built after the tables it reads, and {@code build --select
   * TABLE+} rebuilds the tables that read it.
   */
  static Set<String> reads(String sql) {
    Set<String> tables = new TreeSet<>();
    collectReads(CatalystSqlParser$.MODULE$.parsePlan(sql), tables);
    return tables;
  }

  private static void collectReads(TreeNode<?> node, Set<String> tables) {
    if (node instanceof UnresolvedRelation relation) {
      List<String> name = CollectionConverters.asJava(relation.multipartIdentifier());
      if (name.size() == 2 && name.get(0).equalsIgnoreCase(Table.GOLD)) {
        tables.add(name.get(1).toLowerCase(Locale.ROOT));
      }
    }
    if (node instanceof SubqueryExpression subquery) {
      collectReads(subquery.plan(), tables);
    }
    if (node instanceof QueryPlan<?> plan) {
      CollectionConverters.asJava(plan.expressions()).forEach(e -> collectReads(e, tables));
    }
    CollectionConverters.asJava(node.children())
        .forEach(c -> collectReads((TreeNode<?>) c, tables));
    CollectionConverters.asJava(node.innerChildren())
        .forEach(c -> collectReads((TreeNode<?>) c, tables));
  }

  /**
   * @param all the days the night rebuilds
   * @param logs those whose log facts change
   */
  private record BuildDays(SortedSet<LocalDate> all, SortedSet<LocalDate> logs) {}

  /** The landing days plus the days their data reached ({@code sql/gold/build_days.sql}). */
  private BuildDays buildDays() {
    BuildDays days = new BuildDays(new TreeSet<>(landingDays), new TreeSet<>(landingDays));
    Map<String, String> values = new HashMap<>(parameters);
    values.put("landing_days", SqlDates.list(landingDays));
    for (Row row : spark.sql(render("build_days", values)).collectAsList()) {
      LocalDate day = row.getDate(0).toLocalDate();
      days.all().add(day);
      if (row.getBoolean(1)) {
        days.logs().add(day);
      }
    }
    return days;
  }

  /** The day lists of {@code days}, their placeholders' names starting with {@code prefix}. */
  private static Map<String, String> dayLists(SortedSet<LocalDate> days, String prefix) {
    SortedSet<LocalDate> months = new TreeSet<>();
    for (LocalDate day : days) {
      months.add(day.withDayOfMonth(1));
    }
    return Map.of(
        prefix + "build_days", SqlDates.list(days),
        prefix + "scan_days", SqlDates.list(SqlDates.withNeighbours(days)),
        prefix + "build_months", SqlDates.list(months));
  }

  private void registerViews() {
    List<Row> calendar = new ArrayList<>();
    for (LocalDate day = CALENDAR_FIRST; !day.isAfter(CALENDAR_LAST); day = day.plusDays(1)) {
      Optional<Festival> festival = BusinessCalendar.festival(day);
      calendar.add(
          RowFactory.create(
              Date.valueOf(day),
              festival.map(Festival::name).orElse(null),
              festival.map(Festival::label).orElse(null),
              BusinessCalendar.isPromotion(day),
              BusinessCalendar.isPeakDay(day)));
    }
    spark
        .createDataFrame(
            calendar,
            new StructType()
                .add("date", DataTypes.DateType, false)
                .add("festival", DataTypes.StringType)
                .add("festival_label", DataTypes.StringType)
                .add("is_promotion", DataTypes.BooleanType, false)
                .add("is_peak_day", DataTypes.BooleanType, false))
        .createOrReplaceTempView("business_calendar");
    List<Row> keywords = new ArrayList<>();
    config
        .commentTopics()
        .forEach(
            (topic, words) -> words.forEach(word -> keywords.add(RowFactory.create(topic, word))));
    spark
        .createDataFrame(
            keywords,
            new StructType()
                .add("topic", DataTypes.StringType, false)
                .add("keyword", DataTypes.StringType, false))
        .createOrReplaceTempView("comment_topics");
    TwoProportionTest.register(spark);
  }

  /** The SQL of {@code table} with its placeholders filled in. */
  static String render(String table, Map<String, String> values) {
    return SqlTemplate.render("gold", table, values);
  }
}
