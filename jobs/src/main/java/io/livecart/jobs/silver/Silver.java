package io.livecart.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.DirtyKind;
import io.livecart.core.landing.Source;
import io.livecart.core.warehouse.Catalog;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.ledger.Ledger;
import io.livecart.jobs.silver.SilverSpec.Action;
import io.livecart.jobs.silver.SilverSpec.Expectation;
import io.livecart.jobs.silver.SilverSpec.Field;
import io.livecart.jobs.silver.SilverSpec.Type;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Turns landing days of bronze into silver: typed columns, declared expectations, one row per key.
 * A range of days (a backfill) is processed in one pass per source and gives the tables that
 * processing its days one by one gives. Per source ({@link SilverSpecs}): orders, live sessions,
 * users and ad spend are merged (a version replaces the stored row only if it is newer, so a refund
 * arriving weeks later updates the old order, and a stale version is counted as {@code late_update}
 * and ignored); products are kept as SCD type 2 ({@code valid_from}, {@code valid_to}, {@code
 * is_current}); viewing, interactions and inventory replace their rows of the day.
 *
 * <p>Rows failing a DROP expectation go to {@code ops.quarantine} (layer silver) with the reason
 * and their bronze fields as JSON; WARN expectations are counted ({@code unknown_sku}); a FAIL
 * expectation stops the run with exit code 3. {@code ops.reconciliation} gets the layer's counts.
 * Running a day again leaves the same silver tables.
 */
public final class Silver {
  private static final String LAYER = "silver";

  /** A row without a field it needs ({@link SilverSpec#requiredFields}). */
  static final String MISSING_VALUE = "missing_value";

  /** A log row whose key an earlier valid row of the day already holds. */
  static final String DUPLICATE_KEY = "duplicate_key";

  /**
   * A timestamp or date before {@code livecart.silver.parameters.min_year}: a clock at the epoch,
   * or zero written for a missing time.
   */
  static final String IMPLAUSIBLE_TIMESTAMP = "implausible_timestamp";

  /** A money value with a digit beyond the cent that is not zero: it is not rounded. */
  static final String SUB_CENT_AMOUNT = "sub_cent_amount";

  /**
   * The timestamps silver accepts, tried in order: ISO-8601 with an offset or {@code Z}, then
   * without one (a time in the business zone, the session's: what merchant back-ends export, with a
   * {@code T} or a space), each with optional milliseconds. Anything else (epoch seconds, a date
   * alone) is quarantined as {@code unparseable_timestamp}: never guessed.
   */
  static final List<String> TIMESTAMP_FORMATS =
      List.of(
          "yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX",
          "yyyy-MM-dd'T'HH:mm:ss[.SSS]",
          "yyyy-MM-dd HH:mm:ss[.SSS]");

  /** Dimensions first: orders are checked against the products already in silver. */
  private static final List<Source> ORDER =
      List.of(
          Source.PRODUCTS,
          Source.USERS,
          Source.LIVE_SESSIONS,
          Source.ORDERS,
          Source.VIEWING,
          Source.INTERACTIONS,
          Source.AD_SPEND,
          Source.INVENTORY);

  private final SparkSession spark;
  private final LiveCartConfig config;
  private final SortedSet<LocalDate> days;
  private final String runId;
  private final Map<Source, SilverSpec> specs;

  private Silver(
      SparkSession spark, LiveCartConfig config, SortedSet<LocalDate> days, String runId) {
    this.spark = spark;
    this.config = config;
    this.specs = SilverSpecs.of(config);
    this.days = days;
    this.runId = runId;
  }

  /**
   * The fields every row of {@code source} needs (its key, version column, event time and required
   * fields): a row without one is quarantined, and a CSV header without one refuses its file.
   */
  public static List<String> requiredFields(LiveCartConfig config, Source source) {
    return SilverSpecs.of(config).get(source).requiredFields();
  }

  /**
   * What silver would make of some rows shaped as bronze (its fields as text, {@code _source_file},
   * {@code _line_no}, {@code _dt}), reading and writing no table: {@code _dt}, {@code _reason} (the
   * quarantine reason, or null for a row silver would take) and {@code _stop} (for a row silver
   * would take, the expectation it breaks that stops the run, or null). Checks that need the
   * warehouse (a late update against the stored version, an unknown SKU) are not made.
   */
  public static Dataset<Row> checkOnly(
      SparkSession spark, LiveCartConfig config, Source source, Dataset<Row> bronze) {
    SilverSpec spec = SilverSpecs.of(config).get(source);
    Dataset<Row> checked =
        new Silver(spark, config, new TreeSet<>(), "check-landing").check(spec, bronze);
    String stop =
        spec.expectations().stream()
            .filter(e -> e.action() == Action.FAIL)
            .map(e -> String.format("WHEN %s THEN '%s'", e.violation(), e.reason()))
            .collect(Collectors.joining(" "));
    return checked.selectExpr(
        "_dt",
        "_reason",
        stop.isEmpty()
            ? "CAST(NULL AS STRING) AS _stop"
            : "CASE WHEN _reason IS NULL THEN CASE " + stop + " END END AS _stop");
  }

  /** Silver for the bronze rows of {@code days}, in one pass. */
  public static Silver of(
      SparkSession spark, LiveCartConfig config, Collection<LocalDate> days, String runId) {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("no day to build");
    }
    return new Silver(spark, config, new TreeSet<>(days), runId);
  }

  public static Silver of(SparkSession spark, LiveCartConfig config, LocalDate day, String runId) {
    return of(spark, config, List.of(day), runId);
  }

  /**
   * @param sources per source and landing day: rows read, quarantined and flagged by reason
   * @param tables the latest commit of each silver table the run wrote
   */
  public record Result(
      SortedSet<LocalDate> days, List<Ledger.Counts> sources, List<DeltaWrites.Written> tables) {}

  public Result execute() {
    String label = Steps.days(days);
    Steps.jobGroup(spark, "silver", label);
    List<Ledger.Counts> results = new ArrayList<>();
    List<DeltaWrites.Written> tables = new ArrayList<>();
    List<Dataset<Row>> quarantine = new ArrayList<>();
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      for (Source source : ORDER) {
        String bronzePath = Table.bronze(source).path(config);
        SilverSpec spec = specs.get(source);
        if (!DeltaTable.isDeltaTable(spark, bronzePath)) {
          createEmpty(spec);
          continue;
        }
        long start = System.nanoTime();
        Dataset<Row> checked =
            check(
                    spec,
                    spark
                        .read()
                        .format("delta")
                        .load(bronzePath)
                        .filter(expr("_dt IN (" + SqlDates.list(days) + ")")))
                .persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(checked);
        Map<LocalDate, Ledger.Tally> tally = Ledger.tally(checked, lit(false));
        failIfBroken(spec, checked);
        Dataset<Row> valid = checked.filter(col("_reason").isNull()).drop("_reason");
        Map<LocalDate, Map<String, Long>> flagged = new HashMap<>();
        // Before the write: a raised threshold must let its rows in. A new table gets its
        // constraints in its creating commit.
        if (Table.silver(source).exists(spark, config)) {
          constrain(spec);
        }
        switch (spec.write()) {
          case MERGE_LATEST -> flagged = mergeLatest(spec, valid);
          case SCD2 -> scd2(spec, valid);
          case REPLACE_DAY -> replaceDay(spec, valid);
        }
        tables.add(DeltaWrites.lastCommit(spark, Table.silver(source), config));
        quarantine.add(
            Ledger.quarantineRows(
                checked.filter(col("_reason").isNotNull()),
                LAYER,
                source,
                col("_raw_json"),
                runId));
        long accepted = 0;
        for (LocalDate day : days) {
          Ledger.Counts counts =
              Ledger.Counts.of(
                  source,
                  day,
                  tally.getOrDefault(day, Ledger.Tally.NONE).byReason(),
                  flagged.getOrDefault(day, Map.of()));
          accepted += counts.accepted();
          results.add(counts);
        }
        Steps.log("silver " + source.folder() + " " + label, accepted, start);
      }
      if (!results.isEmpty()) {
        Ledger.write(spark, config, LAYER, runId, results, quarantine);
      }
    } finally {
      cached.forEach(Dataset::unpersist);
    }
    return new Result(days, results, tables);
  }

  /**
   * A source never delivered (only orders are mandatory) still gets its silver table, empty, so
   * that gold's queries run and leave the columns that depend on it null or zero.
   */
  private void createEmpty(SilverSpec spec) {
    if (Table.silver(spec.source()).exists(spark, config)) {
      constrain(spec);
      return;
    }
    StructType bronze =
        new StructType()
            .add("_source_file", DataTypes.StringType)
            .add("_line_no", DataTypes.LongType)
            .add("_dt", DataTypes.DateType);
    for (Field field : spec.fields()) {
      bronze = bronze.add(field.name(), DataTypes.StringType);
    }
    Dataset<Row> none = check(spec, spark.createDataFrame(List.of(), bronze)).drop("_reason");
    switch (spec.write()) {
      case MERGE_LATEST -> mergeLatest(spec, none);
      case SCD2 -> scd2(spec, none);
      case REPLACE_DAY -> replaceDay(spec, none);
    }
  }

  /**
   * The Delta constraints of a silver table, by name, so that a row the expectations quarantine can
   * never land there by another way: keys NOT NULL, amounts and counts not negative, and no row
   * violating a DROP expectation. A table's first write carries them as table properties (one
   * commit, and Delta checks that write's rows too); Delta checks them on every later write.
   */
  private static Map<String, String> constraints(SilverSpec spec) {
    Map<String, String> wanted = new LinkedHashMap<>();
    // Delta cannot make an existing column NOT NULL; a CHECK constraint does the same.
    for (String key : spec.key()) {
      wanted.put(key + "_not_null", key + " IS NOT NULL");
    }
    for (Field field : spec.fields()) {
      if (field.nonNegative()) {
        wanted.put(
            "non_negative_" + field.name(),
            String.format("%1$s IS NULL OR %1$s >= 0", field.name()));
      }
    }
    for (Expectation expectation : spec.expectations()) {
      if (expectation.action() == Action.DROP) {
        wanted.put(
            expectation.reason(),
            String.format("NOT coalesce(%s, false)", expectation.violation()));
      }
    }
    return wanted;
  }

  /**
   * The constraints as the properties of a new table: Delta keeps a constraint as {@code
   * delta.constraints.<name in lower case>}.
   */
  private static Map<String, String> constraintProperties(SilverSpec spec) {
    Map<String, String> properties = new LinkedHashMap<>();
    constraints(spec)
        .forEach(
            (name, check) ->
                properties.put("delta.constraints." + name.toLowerCase(Locale.ROOT), check));
    return properties;
  }

  /**
   * Brings a silver table's constraints up to date. Idempotent: a constraint missing (a table
   * created before its constraint existed) is added, one whose expression changed (a threshold of
   * {@code livecart.silver.parameters}) is replaced, the others are left alone.
   */
  private void constrain(SilverSpec spec) {
    Table table = Table.silver(spec.source());
    Map<String, String> wanted = constraints(spec);
    // The table's properties, from its metadata alone (DESCRIBE DETAIL would also sum its files).
    Map<String, String> stored = new HashMap<>();
    for (Row property :
        spark.sql("SHOW TBLPROPERTIES " + table.byPath(spark, config)).collectAsList()) {
      stored.put(property.getString(0), property.getString(1));
    }
    wanted.forEach(
        (name, check) -> {
          String current = stored.get("delta.constraints." + name.toLowerCase(Locale.ROOT));
          // Delta keeps the expression as tokens: "NOT coalesce ( quantity > 10000 ... )".
          if (current != null && withoutBlanks(check).equals(withoutBlanks(current))) {
            return;
          }
          if (current != null) {
            spark.sql(String.format("ALTER TABLE %s DROP CONSTRAINT %s", table.qualified(), name));
          }
          try {
            spark.sql(
                String.format(
                    "ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s)", table.qualified(), name, check));
          } catch (Exception e) { // Delta's AnalysisException is checked, thrown undeclared
            throw Errors.constraintBrokenByStoredRows(table.qualified(), name, check, e);
          }
        });
  }

  private static String withoutBlanks(String sql) {
    return sql.replaceAll("\\s+", "");
  }

  /** Typed columns plus {@code _reason}: the first DROP expectation the row violates, or null. */
  private Dataset<Row> check(SilverSpec spec, Dataset<Row> bronze) {
    List<Column> columns = new ArrayList<>();
    Column[] raw = spec.fields().stream().map(f -> col(f.name())).toArray(Column[]::new);
    for (Field field : spec.fields()) {
      columns.add(typed(field).as(field.name()));
    }
    columns.add(struct(raw).as("_bronze"));
    columns.add(col("_source_file"));
    columns.add(col("_line_no"));
    columns.add(col("_dt"));
    List<String> cases = new ArrayList<>();
    cases.add("WHEN " + absent(spec, spec.key()) + " THEN 'missing_key'");
    List<String> required = new ArrayList<>(spec.requiredFields());
    required.removeAll(spec.key());
    if (!required.isEmpty()) {
      cases.add("WHEN " + absent(spec, required) + " THEN '" + MISSING_VALUE + "'");
    }
    for (Field field : spec.fields()) {
      if (field.type() == Type.MONEY) {
        cases.add(
            String.format(
                "WHEN trim(_bronze.%s) RLIKE '^[+-]?[0-9]*[.][0-9]{2}[0-9]*[1-9][0-9]*$' THEN '%s'",
                field.name(), SUB_CENT_AMOUNT));
      }
      if (field.type() != Type.STRING) {
        String reason =
            field.type() == Type.TIMESTAMP || field.type() == Type.DATE
                ? DirtyKind.UNPARSEABLE_TIMESTAMP.code()
                : "unparseable_value";
        cases.add(
            String.format(
                "WHEN _bronze.%1$s IS NOT NULL AND %1$s IS NULL THEN '%2$s'",
                field.name(), reason));
      }
    }
    int minYear = config.silverParameter("min_year").intValue();
    for (Field field : spec.fields()) {
      if (field.type() == Type.TIMESTAMP || field.type() == Type.DATE) {
        cases.add(
            String.format(
                "WHEN year(%s) < %d THEN '%s'", field.name(), minYear, IMPLAUSIBLE_TIMESTAMP));
      }
    }
    if (spec.eventTime() != null) {
      cases.add(
          String.format(
              "WHEN to_date(%s) > date_add(_dt, %d) THEN '%s'",
              spec.eventTime(),
              config.silverParameter("future_tolerance_days").intValue(),
              DirtyKind.FUTURE_TIMESTAMP.code()));
    }
    for (Field field : spec.fields()) {
      if (field.nonNegative()) {
        cases.add(
            String.format("WHEN %s < 0 THEN '%s'", field.name(), DirtyKind.NEGATIVE_AMOUNT.code()));
      }
    }
    for (Expectation expectation : spec.expectations()) {
      if (expectation.action() == Action.DROP) {
        cases.add(
            String.format("WHEN %s THEN '%s'", expectation.violation(), expectation.reason()));
      }
    }
    Dataset<Row> checked =
        bronze
            .select(columns.toArray(Column[]::new))
            .withColumn("_reason", expr("CASE " + String.join(" ", cases) + " END"));
    if (spec.write() == SilverSpec.Write.REPLACE_DAY) {
      // Logs keep one row per key and day: of valid rows sharing them, the last line sent wins.
      String repeat =
          String.format(
              "row_number() OVER (PARTITION BY _dt, %s, _reason IS NULL"
                  + " ORDER BY _source_file DESC, _line_no DESC) > 1",
              String.join(", ", spec.key()));
      checked =
          checked.withColumn(
              "_reason",
              expr(
                  String.format(
                      "coalesce(_reason, CASE WHEN %s THEN '%s' END)", repeat, DUPLICATE_KEY)));
    }
    // The quarantine keeps a rejected row's fields as bronze had them; an accepted row needs none.
    // (Merged sources keep the newest version of a key and count the others later.)
    return checked
        .withColumn("_raw_json", when(col("_reason").isNotNull(), to_json(col("_bronze"))))
        .drop("_bronze");
  }

  /**
   * True when one of {@code fields} is absent: null (not sent, or an empty CSV field) or, for a
   * text field, only blanks. A typed field sent as anything else is judged by its type ({@code
   * unparseable_timestamp}, {@code unparseable_value}).
   */
  private static String absent(SilverSpec spec, List<String> fields) {
    return spec.fields().stream()
        .filter(f -> fields.contains(f.name()))
        .map(
            f ->
                f.type() == Type.STRING
                    ? "coalesce(trim(_bronze." + f.name() + "), '') = ''"
                    : "_bronze." + f.name() + " IS NULL")
        .collect(Collectors.joining(" OR "));
  }

  private static Column typed(Field field) {
    Column raw = col(field.name());
    return switch (field.type()) {
      case STRING -> raw;
      case TIMESTAMP ->
          expr(
              TIMESTAMP_FORMATS.stream()
                  .map(f -> String.format("try_to_timestamp(%s, \"%s\")", field.name(), f))
                  .collect(Collectors.joining(", ", "coalesce(", ")")));
      default -> expr(String.format("try_cast(%s AS %s)", field.name(), field.type().sql));
    };
  }

  private void failIfBroken(SilverSpec spec, Dataset<Row> checked) {
    for (Expectation expectation : spec.expectations()) {
      if (expectation.action() == Action.FAIL) {
        Row violations =
            checked
                .filter(col("_reason").isNull())
                .filter(expr(expectation.violation()))
                .selectExpr("count(*)", "min(_dt)")
                .first();
        if (violations.getLong(0) > 0) {
          throw Errors.expectationFailed(
              spec.source().folder(),
              violations.getDate(1).toLocalDate(),
              expectation.reason(),
              expectation.violation(),
              violations.getLong(0));
        }
      }
    }
  }

  /**
   * Merges the newest version of each key, with the day it landed ({@code _dt}: gold rebuilds the
   * order days of the versions a night landed); returns, per landing day, the late updates
   * (versions older than one received before them) it ignored and, for orders, the lines of unknown
   * SKUs.
   */
  private Map<LocalDate, Map<String, Long>> mergeLatest(SilverSpec spec, Dataset<Row> valid) {
    String keys = String.join(", ", spec.key());
    String versionColumn = spec.versionColumn() != null ? spec.versionColumn() : "_dt";
    String version =
        spec.versionColumn() != null
            ? spec.versionColumn() + ", _dt, _source_file, _line_no"
            : "_dt, _source_file, _line_no";
    Dataset<Row> ranked =
        withDerived(
            spec,
            valid
                .withColumn(
                    "_newest",
                    expr(
                        "row_number() OVER (PARTITION BY "
                            + keys
                            + " ORDER BY "
                            + descending(version)
                            + ")"))
                .withColumn(
                    "_received_before",
                    expr(
                        String.format(
                            "max(%s) OVER (PARTITION BY %s ORDER BY _dt, _source_file, _line_no"
                                + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)",
                            versionColumn, keys))));
    Dataset<Row> latest =
        ranked
            .filter(col("_newest").equalTo(1))
            .drop("_newest", "_received_before", "_raw_json", "_source_file", "_line_no");
    Table table = Table.silver(spec.source());
    String path = table.path(config);
    boolean exists = DeltaTable.isDeltaTable(spark, path);
    // Typed like the version column, null: nothing stored yet.
    Dataset<Row> compared =
        ranked.withColumn("_stored_version", when(lit(false), col(versionColumn)));
    if (exists) {
      Dataset<Row> storedVersions =
          spark
              .read()
              .format("delta")
              .load(path)
              .selectExpr(concatKeys(spec) + " AS _key", versionColumn + " AS _stored_version");
      compared =
          ranked.withColumn("_key", expr(concatKeys(spec))).join(storedVersions, "_key", "left");
    }
    // One pass before the merge (afterwards the stored versions are the new ones), per landing
    // day: versions older than one received before them (in the table or earlier in the batch),
    // and for orders the unknown SKUs of the versions kept.
    boolean orders = spec.source() == Source.ORDERS;
    String stale = versionColumn + " < greatest(_received_before, _stored_version)";
    Map<LocalDate, Map<String, Long>> flagged = new HashMap<>();
    for (Row day :
        compared
            .groupBy("_dt")
            .agg(
                expr("count_if(" + stale + ")"),
                expr(orders ? "count_if(_newest = 1 AND NOT sku_known)" : "0L"))
            .collectAsList()) {
      Map<String, Long> counts = new LinkedHashMap<>();
      if (day.getLong(2) > 0) {
        counts.put(DirtyKind.UNKNOWN_SKU.code(), day.getLong(2));
      }
      if (day.getLong(1) > 0) {
        counts.put(DirtyKind.LATE_UPDATE.code(), day.getLong(1));
      }
      flagged.put(day.getDate(0).toLocalDate(), counts);
    }
    if (exists) {
      String on =
          spec.key().stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
      DeltaTable.forPath(spark, path)
          .as("t")
          .merge(latest.as("s"), on)
          .whenMatched("s." + versionColumn + " > t." + versionColumn)
          .updateAll()
          .whenNotMatched()
          .insertAll()
          .execute();
      Catalog.register(spark, table, config);
    } else {
      create(spec, table, latest);
    }
    return flagged;
  }

  private static String concatKeys(SilverSpec spec) {
    return "concat_ws('\\u0001', "
        + spec.key().stream()
            .map(k -> "CAST(" + k + " AS STRING)")
            .collect(Collectors.joining(", "))
        + ")";
  }

  private static String descending(String columns) {
    return java.util.Arrays.stream(columns.split(",\\s*"))
        .map(c -> c + " DESC")
        .collect(Collectors.joining(", "));
  }

  /** Columns silver adds to a source: business days and, for orders, whether the SKU is known. */
  private Dataset<Row> withDerived(SilverSpec spec, Dataset<Row> rows) {
    if (spec.source() != Source.ORDERS) {
      return rows;
    }
    Dataset<Row> withDays =
        rows.withColumn("order_date", expr("to_date(created_at)"))
            .withColumn("paid_date", expr("to_date(paid_at)"));
    String products = Table.silver(Source.PRODUCTS).path(config);
    if (!DeltaTable.isDeltaTable(spark, products)) {
      return withDays.withColumn("sku_known", lit(false));
    }
    Dataset<Row> known =
        spark
            .read()
            .format("delta")
            .load(products)
            .select(col("sku_id").as("_known_sku"))
            .distinct();
    return withDays
        .join(known, withDays.col("sku_id").equalTo(known.col("_known_sku")), "left")
        .withColumn("sku_known", col("_known_sku").isNotNull())
        .drop("_known_sku");
  }

  /**
   * Products as SCD type 2: a changed SKU's current row is closed and a new one opened. Of a
   * landing day, a SKU's newest version counts; over a range of days, each day's version that is
   * newer than all before it and differs from the one it follows opens a row, closed by the next.
   */
  private void scd2(SilverSpec spec, Dataset<Row> valid) {
    Table table = Table.silver(spec.source());
    String path = table.path(config);
    List<String> fields = spec.fields().stream().map(Field::name).toList();
    List<String> attributes =
        fields.stream().filter(n -> !n.equals("sku_id") && !n.equals("updated_at")).toList();
    String hash = "sha2(to_json(struct(" + String.join(", ", attributes) + ")), 256)";
    Dataset<Row> daily =
        valid
            .withColumn(
                "_newest",
                expr(
                    "row_number() OVER (PARTITION BY sku_id, _dt"
                        + " ORDER BY updated_at DESC, _source_file DESC, _line_no DESC)"))
            .filter(col("_newest").equalTo(1))
            .withColumn("_attributes", expr(hash))
            .withColumn("valid_from", col("updated_at"));
    boolean exists = DeltaTable.isDeltaTable(spark, path);
    Dataset<Row> withCurrent;
    if (exists) {
      Dataset<Row> current =
          spark
              .read()
              .format("delta")
              .load(path)
              .filter("is_current")
              .select(
                  col("sku_id").as("_sku"),
                  col("_attributes").as("_current"),
                  col("valid_from").as("_current_from"));
      withCurrent =
          daily
              .join(current, daily.col("sku_id").equalTo(current.col("_sku")), "left")
              .drop("_sku");
    } else {
      withCurrent =
          daily
              .withColumn("_current", lit(null).cast("string"))
              .withColumn("_current_from", lit(null).cast("timestamp"));
    }
    Dataset<Row> versions =
        withCurrent
            .withColumn(
                "_before",
                expr(
                    "greatest(_current_from, max(valid_from) OVER (PARTITION BY sku_id ORDER BY _dt"
                        + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))"))
            .filter(expr("_before IS NULL OR valid_from > _before"))
            .withColumn(
                "_follows",
                expr(
                    "coalesce(lag(_attributes) OVER (PARTITION BY sku_id ORDER BY _dt), _current)"))
            .filter(expr("_follows IS NULL OR _attributes <> _follows"))
            .withColumn(
                "valid_to", expr("lead(valid_from) OVER (PARTITION BY sku_id ORDER BY valid_from)"))
            .withColumn("is_current", expr("valid_to IS NULL"))
            .withColumn(
                "_closes",
                expr(
                    "_current IS NOT NULL"
                        + " AND row_number() OVER (PARTITION BY sku_id ORDER BY valid_from) = 1"));
    List<String> columns = new ArrayList<>(fields);
    columns.addAll(List.of("_attributes", "valid_from", "valid_to", "is_current"));
    if (!exists) {
      create(spec, table, versions.selectExpr(columns.toArray(String[]::new)));
      return;
    }
    List<String> stagedColumns = new ArrayList<>(columns);
    stagedColumns.add("_merge_key");
    // The first new version of a SKU with a current row closes it; every new version is inserted.
    Dataset<Row> staged =
        versions
            .filter("_closes")
            .withColumn("_merge_key", col("sku_id"))
            .selectExpr(stagedColumns.toArray(String[]::new))
            .unionByName(
                versions
                    .withColumn("_merge_key", lit(null).cast("string"))
                    .selectExpr(stagedColumns.toArray(String[]::new)));
    Map<String, String> insert = new LinkedHashMap<>();
    for (String column : columns) {
      insert.put(column, "s." + column);
    }
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(staged.as("s"), "t.sku_id = s._merge_key AND t.is_current")
        .whenMatched()
        .updateExpr(Map.of("is_current", "false", "valid_to", "s.valid_from"))
        .whenNotMatched()
        .insertExpr(insert)
        .execute();
  }

  /** Writes a merged table's first rows, with its comments and constraints, and registers it. */
  private void create(SilverSpec spec, Table table, Dataset<Row> rows) {
    DeltaWrites.create(spark, config, table, rows, constraintProperties(spec));
  }

  private void replaceDay(SilverSpec spec, Dataset<Row> valid) {
    Dataset<Row> rows = valid.drop("_raw_json", "_source_file", "_line_no");
    if (spec.source() == Source.VIEWING) {
      rows =
          rows.withColumn(
              "watch_seconds",
              expr("CAST(unix_timestamp(leave_at) - unix_timestamp(enter_at) AS BIGINT)"));
    }
    DeltaWrites.replace(
        spark,
        config,
        Table.silver(spec.source()),
        rows,
        "_dt IN (" + SqlDates.list(days) + ")",
        constraintProperties(spec),
        "_dt");
  }
}
