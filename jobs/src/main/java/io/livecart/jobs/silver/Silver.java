package io.livecart.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.delta.tables.DeltaTable;
import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.DirtyKind;
import io.livecart.core.landing.Source;
import io.livecart.core.warehouse.Catalog;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Table;
import io.livecart.core.warehouse.TableDocs;
import io.livecart.jobs.ledger.Ledger;
import io.livecart.jobs.silver.SilverSpec.Action;
import io.livecart.jobs.silver.SilverSpec.Expectation;
import io.livecart.jobs.silver.SilverSpec.Field;
import io.livecart.jobs.silver.SilverSpec.Type;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Turns one landing day of bronze into silver: typed columns, declared expectations, one row per
 * key. Per source ({@link SilverSpecs}): orders, live sessions, users and ad spend are merged (a
 * version replaces the stored row only if it is newer, so a refund arriving weeks later updates the
 * old order, and a stale version is counted as {@code late_update} and ignored); products are kept
 * as SCD type 2 ({@code valid_from}, {@code valid_to}, {@code is_current}); viewing, interactions
 * and inventory replace their rows of the day.
 *
 * <p>Rows failing a DROP expectation go to {@code ops.quarantine} (layer silver) with the reason
 * and their bronze fields as JSON; WARN expectations are counted ({@code unknown_sku}); a FAIL
 * expectation stops the run with exit code 3. {@code ops.reconciliation} gets the layer's counts.
 * Running a day again leaves the same silver tables.
 */
public final class Silver {
  private static final String LAYER = "silver";

  /** A log row whose key an earlier valid row of the day already holds. */
  static final String DUPLICATE_KEY = "duplicate_key";

  private static final String TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ssXXX";

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
  private final LocalDate date;
  private final String runId;

  private Silver(SparkSession spark, LiveCartConfig config, LocalDate date, String runId) {
    this.spark = spark;
    this.config = config;
    this.date = date;
    this.runId = runId;
  }

  public static Silver of(SparkSession spark, LiveCartConfig config, LocalDate date, String runId) {
    return new Silver(spark, config, date, runId);
  }

  /**
   * @param orderDates business days whose orders this run inserted or changed (the day itself and
   *     the days a late update reached): what gold must rebuild
   */
  public record Result(LocalDate date, List<Ledger.Counts> sources, Set<LocalDate> orderDates) {}

  public Result execute() {
    spark.sparkContext().setJobGroup("silver-" + date, "livecart silver " + date, false);
    List<Ledger.Counts> results = new ArrayList<>();
    List<Dataset<Row>> quarantine = new ArrayList<>();
    Set<LocalDate> orderDates = new TreeSet<>();
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      for (Source source : ORDER) {
        String bronzePath = Table.bronze(source).path(config);
        SilverSpec spec = SilverSpecs.ALL.get(source);
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
                        .filter(col("_dt").equalTo(lit(Date.valueOf(date)))))
                .persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(checked);
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (Row row : checked.groupBy("_reason").count().collectAsList()) {
          byReason.put(row.isNullAt(0) ? "" : row.getString(0), row.getLong(1));
        }
        failIfBroken(spec, checked);
        Dataset<Row> valid = checked.filter(col("_reason").isNull()).drop("_reason");
        Map<String, Long> flagged = new LinkedHashMap<>();
        boolean existed = DeltaTable.isDeltaTable(spark, Table.silver(source).path(config));
        switch (spec.write()) {
          case MERGE_LATEST -> flagged.putAll(mergeLatest(spec, valid, orderDates));
          case SCD2 -> scd2(spec, valid);
          case REPLACE_DAY -> replaceDay(spec, valid);
        }
        if (!existed) {
          constrain(spec);
        }
        quarantine.add(
            Ledger.quarantineRows(
                checked.filter(col("_reason").isNotNull()),
                LAYER,
                source,
                col("_raw_json"),
                date,
                runId));
        Ledger.Counts counts = Ledger.Counts.of(source, byReason, flagged);
        results.add(counts);
        Steps.log("silver " + source.folder() + " " + date, counts.accepted(), start);
      }
      writeOps(results, quarantine);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
    return new Result(date, results, orderDates);
  }

  /**
   * A source never delivered (only orders are mandatory) still gets its silver table, empty, so
   * that gold's queries run and leave the columns that depend on it null or zero.
   */
  private void createEmpty(SilverSpec spec) {
    if (DeltaTable.isDeltaTable(spark, Table.silver(spec.source()).path(config))) {
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
      case MERGE_LATEST -> mergeLatest(spec, none, new TreeSet<>());
      case SCD2 -> scd2(spec, none);
      case REPLACE_DAY -> replaceDay(spec, none);
    }
    constrain(spec);
  }

  /**
   * Delta constraints on a silver table just created, so that a row the expectations quarantine can
   * never land there by another way: keys NOT NULL, amounts and counts not negative, and no row
   * violating a DROP expectation. Delta checks them on every later write.
   */
  private void constrain(SilverSpec spec) {
    String table = Table.silver(spec.source()).qualified();
    // Delta cannot make an existing column NOT NULL; a CHECK constraint does the same.
    for (String key : spec.key()) {
      spark.sql(
          String.format(
              "ALTER TABLE %1$s ADD CONSTRAINT %2$s_not_null CHECK (%2$s IS NOT NULL)",
              table, key));
    }
    for (Field field : spec.fields()) {
      if (field.nonNegative()) {
        spark.sql(
            String.format(
                "ALTER TABLE %1$s ADD CONSTRAINT non_negative_%2$s CHECK (%2$s IS NULL OR %2$s >= 0)",
                table, field.name()));
      }
    }
    for (Expectation expectation : spec.expectations()) {
      if (expectation.action() == Action.DROP) {
        spark.sql(
            String.format(
                "ALTER TABLE %s ADD CONSTRAINT %s CHECK (NOT coalesce(%s, false))",
                table, expectation.reason(), expectation.violation()));
      }
    }
  }

  /** Typed columns plus {@code _reason}: the first DROP expectation the row violates, or null. */
  private Dataset<Row> check(SilverSpec spec, Dataset<Row> bronze) {
    List<Column> columns = new ArrayList<>();
    Column[] raw = spec.fields().stream().map(f -> col(f.name())).toArray(Column[]::new);
    for (Field field : spec.fields()) {
      columns.add(typed(field).as(field.name()));
    }
    columns.add(struct(raw).as("_bronze"));
    columns.add(to_json(struct(raw)).as("_raw_json"));
    columns.add(col("_source_file"));
    columns.add(col("_line_no"));
    columns.add(col("_dt"));
    List<String> cases = new ArrayList<>();
    cases.add(
        "WHEN "
            + spec.key().stream()
                .map(k -> "_bronze." + k + " IS NULL")
                .collect(Collectors.joining(" OR "))
            + " THEN 'missing_key'");
    for (Field field : spec.fields()) {
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
    if (spec.eventTime() != null) {
      cases.add(
          String.format(
              "WHEN to_date(%s) > date_add(_dt, 1) THEN '%s'",
              spec.eventTime(), DirtyKind.FUTURE_TIMESTAMP.code()));
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
            .withColumn("_reason", expr("CASE " + String.join(" ", cases) + " END"))
            .drop("_bronze");
    if (spec.write() != SilverSpec.Write.REPLACE_DAY) {
      return checked; // merged sources keep the newest version of a key and count the others
    }
    // Logs keep one row per key: of valid rows sharing a key, the last line sent wins.
    String repeat =
        String.format(
            "row_number() OVER (PARTITION BY %s, _reason IS NULL"
                + " ORDER BY _source_file DESC, _line_no DESC) > 1",
            String.join(", ", spec.key()));
    return checked.withColumn(
        "_reason",
        expr(
            String.format("coalesce(_reason, CASE WHEN %s THEN '%s' END)", repeat, DUPLICATE_KEY)));
  }

  private static Column typed(Field field) {
    Column raw = col(field.name());
    return switch (field.type()) {
      case STRING -> raw;
      case TIMESTAMP ->
          expr(String.format("try_to_timestamp(%s, \"%s\")", field.name(), TIMESTAMP_FORMAT));
      default -> expr(String.format("try_cast(%s AS %s)", field.name(), field.type().sql));
    };
  }

  private void failIfBroken(SilverSpec spec, Dataset<Row> checked) {
    for (Expectation expectation : spec.expectations()) {
      if (expectation.action() == Action.FAIL) {
        long violations =
            checked.filter(col("_reason").isNull()).filter(expr(expectation.violation())).count();
        if (violations > 0) {
          throw Errors.expectationFailed(
              spec.source().folder(),
              date,
              expectation.reason(),
              expectation.violation(),
              violations);
        }
      }
    }
  }

  /**
   * Merges the newest version of each key; returns the late updates (stale versions) it ignored.
   */
  private Map<String, Long> mergeLatest(
      SilverSpec spec, Dataset<Row> valid, Set<LocalDate> orderDates) {
    String keys = String.join(", ", spec.key());
    String version =
        spec.versionColumn() != null
            ? spec.versionColumn() + ", _dt, _source_file, _line_no"
            : "_dt, _source_file, _line_no";
    String versionColumn = spec.versionColumn() != null ? spec.versionColumn() : "_dt";
    Dataset<Row> ranked =
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
                "_stale",
                expr(
                    String.format(
                        "%s < max(%s) OVER (PARTITION BY %s ORDER BY _source_file, _line_no ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)",
                        versionColumn, versionColumn, keys)));
    long staleInBatch = ranked.filter(col("_stale")).count();
    Dataset<Row> latest =
        withDerived(
            spec,
            ranked
                .filter(col("_newest").equalTo(1))
                .drop("_newest", "_stale", "_raw_json", "_source_file", "_line_no"));
    Table table = Table.silver(spec.source());
    String path = table.path(config);
    boolean exists = DeltaTable.isDeltaTable(spark, path);
    Dataset<Row> compared = latest;
    String stale = "false";
    String applies = "true";
    if (exists) {
      Dataset<Row> storedVersions =
          spark
              .read()
              .format("delta")
              .load(path)
              .selectExpr(concatKeys(spec) + " AS _key", versionColumn + " AS _stored_version");
      compared =
          latest.withColumn("_key", expr(concatKeys(spec))).join(storedVersions, "_key", "left");
      stale = "_stored_version IS NOT NULL AND " + versionColumn + " < _stored_version";
      applies = "_stored_version IS NULL OR " + versionColumn + " > _stored_version";
    }
    // One pass before the merge (afterwards the stored versions are the new ones): versions older
    // than the table's, and for orders the unknown SKUs and the order days that change.
    boolean orders = spec.source() == Source.ORDERS;
    Row summary =
        compared
            .selectExpr(
                "count_if(" + stale + ") AS stale",
                orders ? "count_if(NOT sku_known) AS unknown" : "0L AS unknown",
                orders
                    ? "collect_set(CASE WHEN " + applies + " THEN order_date END) AS days"
                    : "CAST(array() AS ARRAY<DATE>) AS days")
            .first();
    Map<String, Long> flagged = new LinkedHashMap<>();
    if (summary.getLong(1) > 0) {
      flagged.put(DirtyKind.UNKNOWN_SKU.code(), summary.getLong(1));
    }
    for (Date day : summary.<Date>getList(2)) {
      orderDates.add(day.toLocalDate());
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
      create(table, latest);
    }
    long late = staleInBatch + summary.getLong(0);
    if (late > 0) {
      flagged.put(DirtyKind.LATE_UPDATE.code(), late);
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

  /** Products as SCD type 2: a changed SKU's current row is closed and a new one opened. */
  private void scd2(SilverSpec spec, Dataset<Row> valid) {
    Table table = Table.silver(spec.source());
    String path = table.path(config);
    List<String> attributes =
        spec.fields().stream()
            .map(Field::name)
            .filter(n -> !n.equals("sku_id") && !n.equals("updated_at"))
            .toList();
    String hash = "sha2(to_json(struct(" + String.join(", ", attributes) + ")), 256)";
    Dataset<Row> latest =
        valid
            .withColumn(
                "_newest",
                expr(
                    "row_number() OVER (PARTITION BY sku_id ORDER BY updated_at DESC, _source_file DESC, _line_no DESC)"))
            .filter(col("_newest").equalTo(1))
            .selectExpr(
                spec.fields().stream().map(Field::name).collect(Collectors.joining(",")).split(","))
            .withColumn("_attributes", expr(hash))
            .withColumn("valid_from", col("updated_at"))
            .withColumn("valid_to", lit(null).cast("timestamp"))
            .withColumn("is_current", lit(true));
    if (!DeltaTable.isDeltaTable(spark, path)) {
      create(table, latest);
      return;
    }
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
    Dataset<Row> changes =
        latest
            .join(current, latest.col("sku_id").equalTo(current.col("_sku")), "left")
            .filter(
                expr("_sku IS NULL OR (_attributes <> _current AND valid_from > _current_from)"));
    Dataset<Row> staged =
        changes
            .withColumn("_merge_key", col("sku_id"))
            .unionByName(
                changes
                    .filter(col("_sku").isNotNull())
                    .withColumn("_merge_key", lit(null).cast("string")))
            .drop("_sku", "_current", "_current_from");
    Map<String, String> insert = new LinkedHashMap<>();
    for (String column : latest.columns()) {
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

  /** Writes a merged table's first rows, with its comments, and registers it. */
  private void create(Table table, Dataset<Row> rows) {
    TableDocs.annotate(table, rows).write().format("delta").save(table.path(config));
    Catalog.register(spark, table, config);
    TableDocs.describe(spark, table);
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
        spark, config, Table.silver(spec.source()), rows, "_dt = DATE'" + date + "'", "_dt");
  }

  private void writeOps(List<Ledger.Counts> results, List<Dataset<Row>> quarantine) {
    if (results.isEmpty()) {
      return;
    }
    Ledger.write(spark, config, LAYER, date, runId, results, quarantine);
  }
}
