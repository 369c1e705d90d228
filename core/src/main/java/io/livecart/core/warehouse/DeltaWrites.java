package io.livecart.core.warehouse;

import io.livecart.core.config.LiveCartConfig;
import java.util.Map;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Idempotent writes: a run replaces exactly the slice of a table it owns (a day, a source), so
 * running it again leaves the same rows. Each write is one Delta commit, atomic for readers.
 */
public final class DeltaWrites {
  private DeltaWrites() {}

  /** What one commit wrote: the table version it created and the rows Delta says it wrote. */
  public record Written(Table table, long version, long rows) {}

  /**
   * Replaces the rows of {@code table} matching {@code slice} (a SQL predicate over partition or
   * data columns; null for the whole table, whose schema may then change) by {@code rows}, creating
   * the table on first use, partitioned by {@code partitionColumns}, and registers it in the
   * catalog. Column and table comments come from {@link TableDocs}.
   *
   * <p>A slice's rows may bring columns the table lacks (a newer version of the job): they are
   * added to the table, null in its older rows, as dbt's {@code append_new_columns}. Columns the
   * rows lack stay, null in the slice. A column whose type changed fails the write.
   */
  public static Written replace(
      SparkSession spark,
      LiveCartConfig config,
      Table table,
      Dataset<Row> rows,
      String slice,
      String... partitionColumns) {
    return replace(spark, config, table, rows, slice, Map.of(), partitionColumns);
  }

  /**
   * {@link #replace(SparkSession, LiveCartConfig, Table, Dataset, String, String...)}, setting
   * {@code properties} on the table when this write creates it (its CHECK constraints, as {@code
   * delta.constraints.<name>}: in the creating commit, which Delta checks them against, rather than
   * one commit and one scan per constraint afterwards).
   */
  public static Written replace(
      SparkSession spark,
      LiveCartConfig config,
      Table table,
      Dataset<Row> rows,
      String slice,
      Map<String, String> properties,
      String... partitionColumns) {
    String path = table.path(config);
    long before = TransactionLog.of(spark, table, config).latestVersion();
    DataFrameWriter<Row> writer =
        TableDocs.annotate(table, rows).write().format("delta").mode("overwrite");
    if (before < 0) {
      writer.options(properties);
    }
    if (slice == null) {
      writer.option("overwriteSchema", "true");
    } else {
      writer.option("replaceWhere", slice).option("mergeSchema", "true");
    }
    writer.partitionBy(partitionColumns).save(path);
    Catalog.register(spark, table, config);
    Written after = lastCommit(spark, table, config);
    if (before < 0) {
      TableDocs.describe(spark, table); // a commit of its own, after the data's
    }
    // Delta makes no commit for a write that neither adds nor removes a row.
    return after.version() == before ? new Written(table, before, 0) : after;
  }

  /**
   * The table's latest commit: its version and the rows it wrote, read from the newest commit file
   * of its transaction log (no Spark job, unlike Delta's {@code history()}).
   */
  public static Written lastCommit(SparkSession spark, Table table, LiveCartConfig config) {
    TransactionLog log = TransactionLog.of(spark, table, config);
    long version = log.latestVersion();
    if (version < 0) {
      throw new IllegalStateException(table.qualified() + " has no commit at " + log.folder());
    }
    return new Written(table, version, log.outputRows(version));
  }
}
