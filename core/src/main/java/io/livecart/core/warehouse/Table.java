package io.livecart.core.warehouse;

import io.delta.tables.DeltaTable;
import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A Delta table of the warehouse: {@code <database>.<name>}, stored at {@code
 * <warehouse>/<database>/<name>}. Every table name of the project is built here.
 */
public record Table(String database, String name) {
  public static final String BRONZE = "bronze";
  public static final String SILVER = "silver";
  public static final String GOLD = "gold";
  public static final String OPS = "ops";

  /** Model features, scores and the model registry. */
  public static final String ML = "ml";

  /** Rows rejected at any layer, with the reason and the raw line. */
  public static final Table QUARANTINE = new Table(OPS, "quarantine");

  /** Per day, source and layer: rows read, accepted, quarantined and flagged, by reason. */
  public static final Table RECONCILIATION = new Table(OPS, "reconciliation");

  /** Fields a source sent that it does not declare (schema drift), per day. */
  public static final Table SCHEMA_DRIFT = new Table(OPS, "schema_drift");

  /** Delta's table property naming the columns it keeps statistics of. */
  static final String STATISTICS_COLUMNS = "delta.dataSkippingStatsColumns";

  /** Delta's table property counting the leading columns it keeps statistics of. */
  static final String INDEXED_COLUMN_COUNT = "delta.dataSkippingNumIndexedCols";

  public static Table bronze(Source source) {
    return new Table(BRONZE, source.folder());
  }

  public static Table silver(Source source) {
    return new Table(SILVER, source.folder());
  }

  /**
   * The Delta properties the table is created with ({@link DeltaWrites#create}), and that {@code
   * maintain} sets on a table created before them: which columns Delta keeps statistics of
   * (minimum, maximum and null count per file, for skipping files). Gathering them costs on every
   * row written, and more than linearly in their number: Spark evaluates them through an
   * interpreted projection that walks its list of expressions at each step (docs/performance.md),
   * which made them a quarter of the ingest's CPU and a fifth of silver's and gold's.
   *
   * <ul>
   *   <li>Bronze keeps none: silver reads it by its {@code _dt} partitions only.
   *   <li>Every other table keeps them for the columns queries filter on: its dates and times and
   *       its keys (text or integer columns named {@code *_id}), except its partition columns,
   *       whose value Delta keeps with each file. Free text, amounts and counts are left out
   *       (Delta's documentation advises against statistics on long text, the costliest).
   * </ul>
   *
   * @param schema the table's columns
   * @param partitionColumns the columns the table is partitioned by
   */
  public Map<String, String> properties(StructType schema, List<String> partitionColumns) {
    List<String> indexed =
        database.equals(BRONZE)
            ? List.of()
            : Arrays.stream(schema.fields())
                .filter(field -> !partitionColumns.contains(field.name()))
                .filter(Table::filteredOn)
                .map(StructField::name)
                .toList();
    return indexed.isEmpty()
        ? Map.of(INDEXED_COLUMN_COUNT, "0")
        : Map.of(STATISTICS_COLUMNS, String.join(",", indexed));
  }

  private static boolean filteredOn(StructField field) {
    DataType type = field.dataType();
    return type instanceof DateType
        || type instanceof TimestampType
        || field.name().endsWith("_id")
            && (type instanceof StringType
                || type instanceof IntegerType
                || type instanceof LongType);
  }

  /** The name to use in SQL, e.g. {@code bronze.orders}. */
  public String qualified() {
    return database + "." + name;
  }

  public String path(LiveCartConfig config) {
    return config.warehouse() + "/" + database + "/" + name;
  }

  /**
   * The table's rows in {@code config}'s warehouse, read at its path; empty when that warehouse
   * holds no such table. For code that must not trust the session's catalog: a name registered
   * there may point at another warehouse's folder (a session that ran against another root).
   */
  public Optional<Dataset<Row>> read(SparkSession spark, LiveCartConfig config) {
    return exists(spark, config)
        ? Optional.of(spark.read().format("delta").load(path(config)))
        : Optional.empty();
  }

  /**
   * The table as SQL names it by its folder, {@code delta.`<folder>`}, whatever the session's
   * catalog holds. The folder is qualified by its file system, since Delta reads a relative one as
   * a table name: the default root's {@code livecart-data/warehouse/gold/rfm} becomes {@code
   * file:/home/me/livecart-data/warehouse/gold/rfm}.
   */
  public String byPath(SparkSession spark, LiveCartConfig config) {
    Path folder = new Path(path(config));
    try {
      folder =
          folder.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(folder);
    } catch (IOException e) {
      throw Errors.cannotRead(folder.toString(), e);
    }
    return "delta.`" + folder + "`";
  }

  /** Whether {@code config}'s warehouse holds the table (a Delta table at its path). */
  public boolean exists(SparkSession spark, LiveCartConfig config) {
    return DeltaTable.isDeltaTable(spark, path(config));
  }

  @Override
  public String toString() {
    return qualified();
  }
}
