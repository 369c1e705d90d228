package io.livecart.jobs.gold;

import com.typesafe.config.Config;
import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.SqlTemplate;
import io.livecart.core.warehouse.Table;
import io.livecart.core.warehouse.TableDocs;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data tests on gold, as dbt's: the generic tests declared per table in {@code sql/tables.conf}
 * ({@code tests.gold}: unique, not_null, accepted_values, relationships) and the singular ones, SQL
 * files of {@code sql/tests/} that return the rows breaking a rule (gold GMV of each rebuilt day
 * equals silver's). Each test is a query for its failing rows; the night counts them in one Spark
 * query, replaces its rows of {@code ops.test_results} with one row per test (the query included,
 * for an analyst to see the rows), and a failing test of severity error fails the night with exit
 * code 3 before anything is published.
 */
public final class DataTests {
  public static final Table TABLE = new Table(Table.OPS, "test_results");

  public static final String PASS = "pass";
  public static final String WARN = "warn";
  public static final String ERROR = "error";

  private static final Logger LOG = LoggerFactory.getLogger(DataTests.class);

  private static final Config DECLARED = TableDocs.tests();

  private static final StructType SCHEMA =
      new StructType()
          .add("as_of_date", DataTypes.DateType, false)
          .add("table_name", DataTypes.StringType, false)
          .add("test", DataTypes.StringType, false)
          .add("severity", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("failures", DataTypes.LongType, false)
          .add("query", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("checked_at", DataTypes.TimestampType, false);

  private DataTests() {}

  /**
   * A declared test: the gold table it tests, its name, its severity (error or warn) and the query
   * that returns its failing rows.
   */
  public record Test(String table, String name, String severity, String query) {}

  /** A test's outcome: pass, or its severity when it returned rows. */
  public record Outcome(Test test, long failures) {
    public String status() {
      return failures == 0 ? PASS : test.severity();
    }
  }

  /**
   * The tests of the gold tables in {@code tables}, their queries rendered for a night that rebuilt
   * {@code buildDays}.
   */
  static List<Test> declared(Collection<String> tables, Collection<LocalDate> buildDays) {
    List<Test> tests = new ArrayList<>();
    Config gold = DECLARED.getConfig("gold");
    for (String table : tables) {
      if (!gold.hasPath(table)) {
        continue;
      }
      Config declared = gold.getConfig(table);
      String relation = Table.GOLD + "." + table;
      for (String columns : strings(declared, "unique")) {
        tests.add(
            new Test(
                table,
                "unique(" + columns + ")",
                ERROR,
                String.format(
                    "SELECT %s, count(*) AS n FROM %s GROUP BY %s HAVING count(*) > 1",
                    columns, relation, columns)));
      }
      for (String column : strings(declared, "not_null")) {
        tests.add(
            new Test(
                table,
                "not_null(" + column + ")",
                ERROR,
                String.format("SELECT * FROM %s WHERE %s IS NULL", relation, column)));
      }
      for (Map.Entry<String, List<String>> accepted : lists(declared, "accepted_values")) {
        String values =
            accepted.getValue().stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
        tests.add(
            new Test(
                table,
                "accepted_values(" + accepted.getKey() + ")",
                ERROR,
                String.format(
                    "SELECT %s, count(*) AS n FROM %s WHERE %s NOT IN (%s) GROUP BY %s",
                    accepted.getKey(), relation, accepted.getKey(), values, accepted.getKey())));
      }
      if (declared.hasPath("relationships")) {
        Config links = declared.getConfig("relationships");
        for (String column : new TreeSet<>(links.root().keySet())) {
          String target = links.getString(column);
          String parent = target.substring(0, target.lastIndexOf('.'));
          String key = target.substring(target.lastIndexOf('.') + 1);
          tests.add(
              new Test(
                  table,
                  "relationships(" + column + " -> " + target + ")",
                  WARN,
                  String.format(
                      "SELECT c.%s, count(*) AS n FROM %s c WHERE c.%s IS NOT NULL AND NOT EXISTS"
                          + " (SELECT 1 FROM %s.%s p WHERE p.%s = c.%s) GROUP BY c.%s",
                      column, relation, column, Table.GOLD, parent, key, column, column)));
        }
      }
    }
    Map<String, String> days = Map.of("build_days", SqlDates.list(buildDays));
    Config singular = DECLARED.getConfig("singular");
    for (String name : new TreeSet<>(singular.root().keySet())) {
      Config test = singular.getConfig(name);
      if (tables.contains(test.getString("table"))) {
        tests.add(
            new Test(
                test.getString("table"),
                name,
                test.getString("severity"),
                SqlTemplate.render("tests", name, days).strip()));
      }
    }
    return tests;
  }

  /**
   * Runs the tests of the gold tables in {@code tables} for the night, which rebuilt {@code
   * buildDays}, and replaces the night's rows of those tables in {@code ops.test_results} (a {@code
   * build --select} leaves the other tables' results of the night).
   *
   * @throws io.livecart.core.LiveCartException (data quality) when a test of severity error failed
   */
  public static List<Outcome> run(
      SparkSession spark,
      LiveCartConfig config,
      LocalDate night,
      Collection<String> tables,
      Collection<LocalDate> buildDays,
      String runId) {
    List<Test> tests = declared(tables, buildDays);
    List<Outcome> outcomes = new ArrayList<>();
    if (!tests.isEmpty()) {
      for (Row row : spark.sql(counts(tests)).collectAsList()) {
        outcomes.add(new Outcome(tests.get(row.getInt(0)), row.getLong(1)));
      }
    }
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      Test test = outcome.test();
      rows.add(
          RowFactory.create(
              Date.valueOf(night),
              Table.GOLD + "." + test.table(),
              test.name(),
              test.severity(),
              outcome.status(),
              outcome.failures(),
              test.query(),
              runId,
              now));
    }
    DeltaWrites.replace(
        spark,
        config,
        TABLE,
        spark.createDataFrame(rows, SCHEMA),
        String.format(
            "as_of_date = %s AND table_name IN (%s)",
            SqlDates.literal(night),
            tables.stream()
                .map(t -> "'" + Table.GOLD + "." + t + "'")
                .collect(Collectors.joining(", "))));
    outcomes.stream()
        .filter(o -> o.status().equals(WARN))
        .forEach(
            o ->
                LOG.warn(
                    "data test {} gold.{} {}: {} failing {} (see ops.test_results)",
                    night,
                    o.test().table(),
                    o.test().name(),
                    o.failures(),
                    o.failures() == 1 ? "row" : "rows"));
    List<String> errors =
        outcomes.stream()
            .filter(o -> o.status().equals(ERROR))
            .map(o -> "gold." + o.test().table() + " " + o.test().name() + ": " + o.failures())
            .toList();
    if (!errors.isEmpty()) {
      throw Errors.dataTestsFailed(night, errors);
    }
    return outcomes;
  }

  /** One query for every test: its number and how many rows it returns. */
  private static String counts(List<Test> tests) {
    List<String> counts = new ArrayList<>();
    for (int i = 0; i < tests.size(); i++) {
      counts.add(
          "SELECT " + i + " AS test, count(*) AS failures FROM (" + tests.get(i).query() + ")");
    }
    return String.join("\nUNION ALL\n", counts);
  }

  private static List<String> strings(Config declared, String path) {
    return declared.hasPath(path) ? declared.getStringList(path) : List.of();
  }

  private static Set<Map.Entry<String, List<String>>> lists(Config declared, String path) {
    Map<String, List<String>> lists = new TreeMap<>();
    if (declared.hasPath(path)) {
      Config values = declared.getConfig(path);
      values.root().keySet().forEach(key -> lists.put(key, values.getStringList(key)));
    }
    return lists.entrySet();
  }
}
