package io.livecart.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nightly slices of an unpartitioned table leave three small files, and a killed write 40
 * days ago left a data file no commit names. Maintenance compacts the three into one, sets the
 * time-travel window of the configuration (30 days), deletes the killed write's file, which is
 * older than the window, and keeps the three replaced files: they were removed moments ago, well
 * inside it. Run again, it has nothing to do and commits nothing.
 */
class MaintenanceTest {
  @TempDir Path root;

  private final SparkSession spark = TestSpark.session();

  /**
   * The latest views read the versions the latest published night recorded: when nights have not
   * been published for longer than the window, the tables keep their versions back to it.
   */
  @Test
  void versionsAreKeptBackToTheLatestPublishedNight() {
    Instant now = Instant.parse("2026-12-03T20:00:00Z");
    assertThat(Maintenance.retention(30, Optional.empty(), now)).isEqualTo(Duration.ofDays(30));
    assertThat(Maintenance.retention(30, Optional.of(now.minus(Duration.ofDays(1))), now))
        .isEqualTo(Duration.ofDays(30));
    assertThat(
            Maintenance.retention(
                30, Optional.of(now.minus(Duration.ofDays(40)).minus(Duration.ofMinutes(90))), now))
        .isEqualTo(Duration.ofHours(40 * 24 + 1 + 24));
  }

  /**
   * Delta keeps statistics of the columns queries filter on ({@link Table#properties}): none in
   * bronze; in the other layers, a table's dates, times and keys, not its partition columns nor its
   * text and amounts. Tables created before get them from maintenance, and all keep their rows. A
   * later replace of the whole table without one of those columns still writes.
   */
  @Test
  void tablesGetTheirStatisticsColumnsAtCreationAndFromMaintenance() {
    LiveCartConfig config = TestSpark.config(root);
    Table bronze = new Table(Table.BRONZE, "orders");
    Table olderBronze = new Table(Table.BRONZE, "users");
    Table fact = new Table(Table.GOLD, "fact_lines");
    Table olderMart = new Table(Table.GOLD, "mart");
    String lines =
        "SELECT CAST(id AS STRING) AS order_id, id AS line_no, 'gift' AS note, id * 1.5 AS amount,"
            + " DATE'2025-03-01' AS paid_date, TIMESTAMP'2025-03-01 20:00:00' AS paid_at,"
            + " DATE'2025-03-01' + CAST(id AS INT) AS order_date FROM range(3)";
    String mart = "SELECT DATE'2025-03-01' AS as_of_date, id AS buyers FROM range(3)";
    DeltaWrites.replace(spark, config, bronze, spark.sql("SELECT id FROM range(3)"), null);
    spark.sql("SELECT id FROM range(3)").write().format("delta").save(olderBronze.path(config));
    DeltaWrites.replace(spark, config, fact, spark.sql(lines), null, "order_date");
    spark.sql(mart).write().format("delta").save(olderMart.path(config));
    assertThat(properties(bronze)).containsEntry(Table.INDEXED_COLUMN_COUNT, "0");
    assertThat(properties(fact))
        .containsEntry(Table.STATISTICS_COLUMNS, "order_id,paid_date,paid_at")
        .doesNotContainKey(Table.INDEXED_COLUMN_COUNT);
    assertThat(properties(olderBronze)).doesNotContainKey(Table.INDEXED_COLUMN_COUNT);
    assertThat(properties(olderMart)).doesNotContainKey(Table.STATISTICS_COLUMNS);

    Maintenance.run(spark, config);

    assertThat(properties(olderBronze)).containsEntry(Table.INDEXED_COLUMN_COUNT, "0");
    assertThat(properties(olderMart)).containsEntry(Table.STATISTICS_COLUMNS, "as_of_date");
    assertThat(spark.read().format("delta").load(olderBronze.path(config)).count()).isEqualTo(3);
    assertThat(spark.read().format("delta").load(olderMart.path(config)).count()).isEqualTo(3);
    DeltaWrites.replace(
        spark, config, fact, spark.sql(lines).drop("paid_date", "paid_at"), null, "order_date");
    assertThat(spark.read().format("delta").load(fact.path(config)).columns())
        .containsExactly("order_id", "line_no", "note", "amount", "order_date");
    assertThat(properties(fact)).containsEntry(Table.STATISTICS_COLUMNS, "order_id");
  }

  private Map<String, String> properties(Table table) {
    Row detail =
        spark.sql("DESCRIBE DETAIL delta.`" + table.path(TestSpark.config(root)) + "`").first();
    return detail.getJavaMap(detail.fieldIndex("properties"));
  }

  @Test
  void smallFilesAreCompactedTheWindowIsSetOldOrphansGoAndTheRowsStay() throws IOException {
    LiveCartConfig config = TestSpark.config(root);
    Table table = new Table(Table.GOLD, "nightly_slices");
    for (int day = 1; day <= 3; day++) {
      DeltaWrites.replace(
          spark,
          config,
          table,
          spark.sql("SELECT id, " + day + " AS day FROM range(" + day * 10 + ")").coalesce(1),
          "day = " + day);
    }
    Path orphan = Path.of(table.path(config)).resolve("part-00000-killed.snappy.parquet");
    Files.write(orphan, new byte[] {'P', 'A', 'R'});
    Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofDays(40))));
    String rows =
        "SELECT day, count(*) AS n, sum(id) AS s FROM delta.`%s` GROUP BY day ORDER BY day";
    List<Row> before = spark.sql(String.format(rows, table.path(config))).collectAsList();

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<Maintenance.Done> done =
        scala.Console.withOut(printed, () -> Maintenance.run(spark, config));

    assertThat(done)
        .containsExactly(
            new Maintenance.Done(
                table,
                3,
                1,
                4,
                4,
                done.get(0).diskBytesBefore(),
                done.get(0).diskBytesAfter(),
                true,
                true,
                done.get(0).seconds()));
    assertThat(orphan).doesNotExist();
    assertThat(printed.toString(StandardCharsets.UTF_8)).as("Delta's own VACUUM report").isEmpty();
    assertThat(spark.sql(String.format(rows, table.path(config))).collectAsList())
        .isEqualTo(before);
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + table.path(config) + "`").first();
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsAllEntriesOf(
            Map.of(
                "delta.logRetentionDuration", "interval 30 days",
                "delta.deletedFileRetentionDuration", "interval 30 days"));
    long version = DeltaWrites.lastCommit(spark, table, config).version();

    Maintenance.Done again = Maintenance.run(spark, config).get(0);

    assertThat(again.optimized()).isFalse();
    assertThat(again.vacuumed()).isFalse();
    assertThat(again.currentFilesAfter()).isEqualTo(1);
    assertThat(DeltaWrites.lastCommit(spark, table, config).version()).isEqualTo(version);
    // The table is still open to every reader (the properties are no table feature).
    assertThat(TableProtocols.assertOpenToCommonReaders(spark, root.resolve("warehouse")))
        .isEqualTo(1);
  }
}
