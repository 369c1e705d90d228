package io.livecart.core.warehouse;

import static org.apache.spark.sql.functions.col;

import io.livecart.core.config.LiveCartConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.functions;

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
   * {@code properties} on the table when this write creates it ({@link #create}; its CHECK
   * constraints, as {@code delta.constraints.<name>}: in the creating commit, which Delta checks
   * them against, rather than one commit and one scan per constraint afterwards).
   */
  public static Written replace(
      SparkSession spark,
      LiveCartConfig config,
      Table table,
      Dataset<Row> rows,
      String slice,
      Map<String, String> properties,
      String... partitionColumns) {
    long before = TransactionLog.of(spark, table, config).latestVersion();
    if (before < 0) {
      return create(spark, config, table, rows, properties, partitionColumns);
    }
    DataFrameWriter<Row> writer =
        laidOut(table, rows, partitionColumns).write().format("delta").mode("overwrite");
    if (slice == null) {
      writer.option("overwriteSchema", "true");
    } else {
      writer.option("replaceWhere", slice).option("mergeSchema", "true");
    }
    writer.partitionBy(partitionColumns);
    try {
      writer.save(table.path(config));
    } catch (Exception e) { // Delta's AnalysisException is checked, thrown undeclared
      if (slice != null || !lostStatisticsColumn(e)) {
        throw e;
      }
      // The new schema lacks a column the table keeps statistics of (its job changed), which
      // Delta refuses: statistics go back to Delta's default for the write, then follow the new
      // columns. Three commits, once per change of the job.
      String name = table.byPath(spark, config);
      spark.sql(
          "ALTER TABLE "
              + name
              + " UNSET TBLPROPERTIES IF EXISTS ('"
              + Table.STATISTICS_COLUMNS
              + "')");
      writer.save(table.path(config));
      setProperties(spark, name, table.properties(rows.schema(), List.of(partitionColumns)));
    }
    Catalog.register(spark, table, config);
    Written after = lastCommit(spark, table, config);
    // Delta makes no commit for a write that neither adds nor removes a row.
    return after.version() == before ? new Written(table, before, 0) : after;
  }

  /** Sets {@code properties} on the table SQL names {@code name}, in one commit. */
  static void setProperties(SparkSession spark, String name, Map<String, String> properties) {
    spark.sql(
        "ALTER TABLE "
            + name
            + " SET TBLPROPERTIES ("
            + properties.entrySet().stream()
                .map(p -> "'" + p.getKey() + "' = '" + p.getValue() + "'")
                .collect(Collectors.joining(", "))
            + ")");
  }

  /** Whether Delta refused a write because its schema lacks a column named in its properties. */
  private static boolean lostStatisticsColumn(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SparkThrowable spark
          && "DELTA_COLUMN_NOT_FOUND_IN_SCHEMA".equals(spark.getCondition())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Creates {@code table} at its folder, which holds no commit yet, with {@code rows}, in one
   * commit: the rows, the column and table comments of {@link TableDocs}, the table's own {@link
   * Table#properties} and {@code properties}, and the partitioning, registered in the catalog by
   * the same statement (a create-table-as-select). A table created by a write and then described
   * and registered costs two more statements, one of them a commit.
   */
  public static Written create(
      SparkSession spark,
      LiveCartConfig config,
      Table table,
      Dataset<Row> rows,
      Map<String, String> properties,
      String... partitionColumns) {
    String location = Catalog.unregisterForCreate(spark, table, config);
    CreateTableWriter<Row> writer =
        laidOut(table, rows, partitionColumns)
            .writeTo(table.qualified())
            .using("delta")
            .tableProperty(TableCatalog.PROP_LOCATION, location);
    TableDocs.comment(table)
        .ifPresent(text -> writer.tableProperty(TableCatalog.PROP_COMMENT, text));
    table.properties(rows.schema(), List.of(partitionColumns)).forEach(writer::tableProperty);
    properties.forEach(writer::tableProperty);
    if (partitionColumns.length > 0) {
      writer.partitionedBy(
          col(partitionColumns[0]),
          Arrays.stream(partitionColumns).skip(1).map(functions::col).toArray(Column[]::new));
    }
    try {
      writer.create();
    } catch (TableAlreadyExistsException e) { // only another process creating it at this moment
      throw new IllegalStateException(
          table.qualified() + " was created by another run meanwhile; run again", e);
    }
    Catalog.registered(spark, table, location);
    return lastCommit(spark, table, config);
  }

  /**
   * The rows as written: annotated with the table's docs and, for a partitioned table, rebalanced
   * by its partition columns, so that a partition value's rows are written together (Spark's {@code
   * REBALANCE} hint). Written as they come, each task would leave a small file in every partition
   * it holds rows of: the README's 190-day world had 630 files of 5 kB each in {@code
   * gold.fact_viewing} (190 days, about 3 per day from the shuffle's 4 partitions), and each query
   * opens every file it reads. Adaptive execution still splits a partition value larger than {@code
   * spark.sql.adaptive.advisoryPartitionSizeInBytes} across tasks, so a big day is not written by a
   * single task.
   */
  private static Dataset<Row> laidOut(Table table, Dataset<Row> rows, String... partitionColumns) {
    Dataset<Row> annotated = TableDocs.annotate(table, rows);
    return partitionColumns.length == 0
        ? annotated
        : annotated.hint(
            "rebalance", Arrays.stream(partitionColumns).map(functions::col).toArray());
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
