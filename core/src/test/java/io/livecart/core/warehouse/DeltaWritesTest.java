package io.livecart.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each write reports the version it committed and the rows Delta says it wrote. */
class DeltaWritesTest {
  @TempDir Path root;

  private final SparkSession spark = TestSpark.session();

  private LiveCartConfig config() {
    return TestSpark.config(root);
  }

  private DeltaWrites.Written write(Table table, String rows, String slice) {
    return DeltaWrites.replace(spark, config(), table, spark.sql(rows), slice, "day");
  }

  @Test
  void aWriteReportsItsCommitAndRowsAndAWriteOfNothingReportsNone() {
    Table table = new Table(Table.GOLD, "days");
    String threeRows = "SELECT id, CAST(id AS INT) % 2 AS day FROM range(3)";

    DeltaWrites.Written created = write(table, threeRows, null);
    DeltaWrites.Written replaced =
        write(table, "SELECT 7L AS id, 1 AS day UNION ALL SELECT 9L, 1", "day = 1");
    DeltaWrites.Written nothing = write(table, "SELECT 1L AS id, 5 AS day WHERE false", "day = 5");

    assertThat(created.version()).isEqualTo(0);
    assertThat(created.rows()).isEqualTo(3);
    assertThat(replaced.version()).isEqualTo(1);
    assertThat(replaced.rows()).isEqualTo(2);
    assertThat(nothing.version()).isEqualTo(1);
    assertThat(nothing.rows()).isZero();
    assertThat(DeltaWrites.lastCommit(spark, table, config()).version()).isEqualTo(1);
    assertThat(spark.sql("SELECT sum(id) FROM gold.days").first().getLong(0)).isEqualTo(18);
  }

  /**
   * A table's first write creates it in one commit: its rows, its comment from sql/tables.conf and
   * its properties; the catalog knows it by name, even where the name pointed at a lost folder.
   */
  @Test
  void aFirstWriteCreatesTheTableWithItsCommentInOneCommit() {
    Table table = new Table(Table.GOLD, "dim_date");
    spark.sql("CREATE DATABASE IF NOT EXISTS gold");
    spark.sql("DROP TABLE IF EXISTS gold.dim_date");
    spark.sql(
        "CREATE TABLE gold.dim_date (day INT) USING delta LOCATION '"
            + root.resolve("lost").toUri()
            + "'");

    DeltaWrites.Written created =
        DeltaWrites.replace(
            spark,
            config(),
            table,
            spark.sql("SELECT 1L AS id, 3 AS day"),
            "day = 3",
            Map.of("delta.constraints.positive", "id > 0"),
            "day");

    assertThat(created.version()).isZero();
    assertThat(created.rows()).isEqualTo(1);
    Row detail = spark.sql("DESCRIBE DETAIL gold.dim_date").first();
    assertThat(detail.<String>getAs("description"))
        .isEqualTo(TableDocs.comment(table).orElseThrow());
    assertThat(detail.<String>getAs("location")).endsWith("warehouse/gold/dim_date");
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("delta.constraints.positive", "id > 0");
    assertThat(spark.sql("SELECT id FROM gold.dim_date").first().getLong(0)).isEqualTo(1);
  }

  /**
   * Rows of a partition value coming from several tasks are written as one file, by the first write
   * and by a slice's replacement alike (each task would otherwise leave a file per value).
   */
  @Test
  void aPartitionValueWrittenFromSeveralTasksIsOneFile() {
    Table table = new Table(Table.GOLD, "spread");
    String fourTasks = "SELECT id, CAST(id % 3 AS INT) AS day FROM range(0, 3000, 1, 4)";

    write(table, fourTasks, null);
    long created = files(table);
    write(table, fourTasks + " WHERE id % 3 = 1", "day = 1");
    long replaced = files(table);

    assertThat(created).isEqualTo(3);
    assertThat(replaced).isEqualTo(3);
    assertThat(spark.sql("SELECT count(*) FROM gold.spread").first().getLong(0)).isEqualTo(3000);
  }

  private long files(Table table) {
    return spark.sql("DESCRIBE DETAIL " + table.qualified()).first().getAs("numFiles");
  }

  /** A first write killed before its commit left a log without one: the next write creates. */
  @Test
  void aLogWithoutACommitIsNoTableAndTheNextWriteCreatesIt() throws IOException {
    Table table = new Table(Table.GOLD, "killed");
    Files.createDirectories(root.resolve("warehouse/gold/killed/_delta_log/_staged_commits"));

    assertThat(TransactionLog.of(spark, table, config()).latestVersion()).isEqualTo(-1);
    DeltaWrites.Written created = write(table, "SELECT 1L AS id, 1 AS day", null);

    assertThat(created.version()).isZero();
    assertThat(created.rows()).isEqualTo(1);
  }
}
