package io.livecart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import io.livecart.core.warehouse.Publication;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.generate.Generator;
import io.livecart.jobs.generate.Scale;
import io.livecart.jobs.gold.Gold;
import io.livecart.jobs.ingest.Ingest;
import io.livecart.jobs.silver.Silver;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL endpoint as a BI tool meets it: a Trino server started over a warehouse the jobs built (a
 * generated tiny day, published), queried over JDBC. Its answers must be Spark's: every table's
 * rows, the latest view, and each of the analysts' example questions of sql/examples. Needs the
 * server bin/trino-install unpacks (bin/test installs it); without it the test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrinoEndpointIT {
  private static final LocalDate NIGHT = LocalDate.of(2025, 1, 1);

  @TempDir static Path root;

  private final SparkSession spark = TestSpark.session();
  private LiveCartConfig config;
  private TrinoEndpoint endpoint;
  private TrinoEndpoint.Sync served;

  @BeforeAll
  void serveAPublishedWarehouse() throws IOException {
    config = TestSpark.config(root);
    Generator.builder(config).scale(Scale.TINY).seed(11).from(NIGHT).to(NIGHT).build().execute();
    Ingest.of(spark, config, NIGHT, "run-1").execute();
    Silver.of(spark, config, NIGHT, "run-1").execute();
    Gold.of(spark, config, NIGHT).execute();
    Publication.publish(spark, config, NIGHT, "run-1");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    endpoint =
        TrinoEndpoint.start(TrinoInstall.locate(null, null, System.getenv()), config, port, "1G");
    served = endpoint.sync();
  }

  @AfterAll
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Test
  void everyTableIsServedWithSparksRows() throws SQLException {
    Map<Table, org.apache.hadoop.fs.Path> tables =
        Catalog.tables(spark.sparkContext().hadoopConfiguration(), config);
    assertThat(served.tables()).isEqualTo(tables.size()).isGreaterThan(30);
    assertThat(served.schemas()).isEqualTo(4); // bronze, silver, gold, ops: no model has run
    List<String> differences = new ArrayList<>();
    try (Connection trino = endpoint.connect("analyst");
        Statement statement = trino.createStatement()) {
      for (Table table : tables.keySet()) {
        long ours = spark.read().format("delta").load(table.path(config)).count();
        try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table)) {
          count.next();
          if (count.getLong(1) != ours) {
            differences.add(table + ": spark " + ours + ", trino " + count.getLong(1));
          }
        }
      }
    }
    assertThat(differences).isEmpty();
  }

  @Test
  void theExampleQuestionsAndTheLatestViewGiveSparksAnswers() throws IOException, SQLException {
    List<Path> questions;
    try (var files = Files.list(Path.of("../sql/examples"))) {
      questions = files.sorted().toList();
    }
    assertThat(questions).hasSizeGreaterThanOrEqualTo(6);
    assertThat(served.views()).isEqualTo(1); // gold.alerts_latest: the only output built
    List<String> statements = new ArrayList<>();
    for (Path question : questions) {
      statements.add(Files.readString(question).strip().replaceAll(";$", ""));
    }
    statements.add(
        "SELECT alert_type, subject_id, alert_date FROM gold.alerts_latest"
            + " ORDER BY alert_type, subject_id");
    try (Connection trino = endpoint.connect("analyst");
        Statement statement = trino.createStatement()) {
      for (String sql : statements) {
        List<Row> expected = spark.sql(sql).collectAsList();
        assertThat(expected).as(sql).isNotEmpty();
        try (ResultSet answer = statement.executeQuery(sql)) {
          int row = 0;
          while (answer.next()) {
            assertThat(row).as("rows of " + sql).isLessThan(expected.size());
            for (int column = 0; column < expected.get(row).length(); column++) {
              Object ours = expected.get(row).get(column);
              Object theirs = answer.getObject(column + 1);
              assertThat(same(ours, theirs))
                  .as("row %d column %d of %s: spark %s, trino %s", row, column, sql, ours, theirs)
                  .isTrue();
            }
            row++;
          }
          assertThat(row).as("rows of " + sql).isEqualTo(expected.size());
        }
      }
    }
  }

  @Test
  void clientsCannotChangeTheWarehouse() throws SQLException {
    try (Connection trino = endpoint.connect("analyst");
        Statement statement = trino.createStatement()) {
      for (String sql :
          List.of(
              "DROP TABLE gold.rfm",
              "DELETE FROM gold.rfm",
              "CREATE TABLE gold.mine (x int)",
              "CALL system.unregister_table(schema_name => 'gold', table_name => 'rfm')")) {
        assertThatThrownBy(() -> statement.execute(sql))
            .as(sql)
            .hasMessageContaining("Access Denied");
      }
    }
  }

  /**
   * A commit is read by the next query, without a sync; a table created while serving is served
   * after the next sync, and one deleted is forgotten.
   */
  @Test
  void newCommitsAndNewTablesAreServed() throws SQLException, IOException {
    Table extra = new Table(Table.GOLD, "extra");
    spark.sql("CREATE TABLE delta.`" + extra.path(config) + "` USING delta AS SELECT 1 AS x");
    TrinoEndpoint.Sync added = endpoint.sync();
    spark.sql("INSERT INTO delta.`" + extra.path(config) + "` VALUES (2)");
    long rows;
    try (Connection trino = endpoint.connect("analyst");
        Statement statement = trino.createStatement();
        ResultSet count = statement.executeQuery("SELECT sum(x) FROM gold.extra")) {
      count.next();
      rows = count.getLong(1);
    }
    try (var files = Files.walk(Path.of(extra.path(config)))) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
    TrinoEndpoint.Sync removed = endpoint.sync();

    assertThat(added.changed()).isEqualTo(1);
    assertThat(added.tables()).isEqualTo(served.tables() + 1);
    assertThat(rows).isEqualTo(3);
    assertThat(removed.changed()).isEqualTo(1);
    assertThat(removed.tables()).isEqualTo(served.tables());
  }

  private static boolean same(Object ours, Object theirs) {
    if (ours == null || theirs == null) {
      return ours == null && theirs == null;
    }
    if (ours instanceof Number a && theirs instanceof Number b) {
      double x = new BigDecimal(a.toString()).doubleValue();
      double y = new BigDecimal(b.toString()).doubleValue();
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
    }
    if (ours instanceof Timestamp a && theirs instanceof Timestamp b) {
      return a.toInstant().equals(b.toInstant());
    }
    return ours.toString().equals(theirs.toString());
  }
}
