package io.livecart.core.warehouse;

import io.delta.tables.DeltaTable;
import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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

  public static Table bronze(Source source) {
    return new Table(BRONZE, source.folder());
  }

  public static Table silver(Source source) {
    return new Table(SILVER, source.folder());
  }

  /**
   * The Delta properties the table is created with ({@link DeltaWrites#create}), and that {@code
   * maintain} sets on a table created before them. Bronze keeps no column statistics: silver reads
   * it by its {@code _dt} partitions only, so minimum and maximum values would skip no file, and
   * gathering them for its 20 text columns was a quarter of the ingest's CPU (Spark evaluates
   * Delta's statistics row by row through an interpreted projection whose cost grows with the
   * square of its expressions; docs/performance.md).
   */
  public Map<String, String> properties() {
    return database.equals(BRONZE) ? Map.of("delta.dataSkippingNumIndexedCols", "0") : Map.of();
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
