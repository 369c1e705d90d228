package io.livecart.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.ExitCode;
import io.livecart.core.LiveCartException;
import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data tests on small gold tables made by hand, each rule broken a known number of times:
 *
 * <pre>
 * dim_user            U1, U1, null, U2      unique(user_id): 1 (U1), not_null(user_id): 1
 * rfm                 U1 important_value, U2 vip     accepted_values(segment): 1 (vip)
 * dim_live_session    LS1
 * fact_viewing        LS1 U1, LS9 U2        relationships(live_session_id): 1 (LS9), a warning
 * </pre>
 */
class DataTestsTest {
  private static final LocalDate NIGHT = LocalDate.of(2025, 3, 1);

  @TempDir Path root;

  private final SparkSession spark = TestSpark.session();

  private void table(LiveCartConfig config, String name, String sql) {
    DeltaWrites.replace(spark, config, new Table(Table.GOLD, name), spark.sql(sql), null);
  }

  @Test
  void eachBrokenRuleIsCountedAndAnErrorFailsTheNightWithExitCode3() {
    LiveCartConfig config = TestSpark.config(root);
    table(
        config,
        "dim_user",
        "SELECT * FROM VALUES ('U1'), ('U1'), (CAST(NULL AS STRING)), ('U2') AS t(user_id)");
    table(
        config,
        "rfm",
        "SELECT * FROM VALUES ('U1', 'important_value'), ('U2', 'vip') AS t(user_id, segment)");
    table(config, "dim_live_session", "SELECT 'LS1' AS live_session_id");
    table(
        config,
        "fact_viewing",
        "SELECT * FROM VALUES ('LS1', 'U1', TIMESTAMP'2025-03-01 20:00:00'),"
            + " ('LS9', 'U2', TIMESTAMP'2025-03-01 20:00:00') AS t(live_session_id, user_id, enter_at)");

    assertThatThrownBy(
            () ->
                DataTests.run(
                    spark,
                    config,
                    NIGHT,
                    List.of("dim_user", "rfm", "dim_live_session", "fact_viewing"),
                    List.of(NIGHT),
                    "run-1"))
        .isInstanceOf(LiveCartException.class)
        .extracting(e -> ((LiveCartException) e).exitCode())
        .isEqualTo(ExitCode.DATA_QUALITY);

    List<String> results =
        spark
            .read()
            .format("delta")
            .load(DataTests.TABLE.path(config))
            .orderBy("table_name", "test")
            .collectAsList()
            .stream()
            .map(
                (Row r) ->
                    r.getAs("table_name")
                        + " "
                        + r.getAs("test")
                        + " "
                        + r.getAs("status")
                        + " "
                        + r.getAs("failures"))
            .toList();
    assertThat(results)
        .containsExactly(
            "gold.dim_live_session not_null(live_session_id) pass 0",
            "gold.dim_live_session unique(live_session_id) pass 0",
            "gold.dim_user not_null(user_id) error 1",
            "gold.dim_user unique(user_id) error 1",
            "gold.fact_viewing relationships(live_session_id -> dim_live_session.live_session_id)"
                + " warn 1",
            "gold.fact_viewing unique(live_session_id, user_id, enter_at) pass 0",
            "gold.rfm accepted_values(segment) error 1",
            "gold.rfm unique(user_id) pass 0");
    // Testing one table again (build --select) replaces its results only.
    DataTests.run(spark, config, NIGHT, List.of("dim_live_session"), List.of(NIGHT), "run-2");
    assertThat(
            spark
                .read()
                .format("delta")
                .load(DataTests.TABLE.path(config))
                .groupBy("run_id")
                .count()
                .orderBy("run_id")
                .collectAsList())
        .extracting(Object::toString)
        .containsExactly("[run-1,6]", "[run-2,2]");
    // The stored query shows the failing rows.
    String query =
        spark
            .read()
            .format("delta")
            .load(DataTests.TABLE.path(config))
            .filter("test = 'accepted_values(segment)'")
            .first()
            .getAs("query");
    assertThat(spark.sql(query).collectAsList())
        .extracting(Object::toString)
        .containsExactly("[vip,1]");
  }

  /**
   * Silver has two paid lines on the night (100 + 50); gold lost the second: the day's lines 2
   * against 1 and GMV 150 against 100. The next day, not rebuilt, is not compared.
   */
  @Test
  void gmvEqualsSilverComparesTheRebuiltDaysLinesAndGmv() {
    LiveCartConfig config = TestSpark.config(root);
    DeltaWrites.replace(
        spark,
        config,
        new Table(Table.SILVER, "orders"),
        spark.sql(
            "SELECT * FROM VALUES"
                + " ('O1', 1, DATE'2025-03-01', TIMESTAMP'2025-03-01 20:00:00', 100.00BD),"
                + " ('O2', 1, DATE'2025-03-01', TIMESTAMP'2025-03-01 20:00:00', 50.00BD),"
                + " ('O3', 1, DATE'2025-03-02', TIMESTAMP'2025-03-02 20:00:00', 10.00BD)"
                + " AS t(order_id, line_no, order_date, paid_at, pay_amount)"),
        null);
    table(
        config,
        "fact_order_lines",
        "SELECT 'O1' AS order_id, 1 AS line_no, DATE'2025-03-01' AS order_date, 'U1' AS user_id,"
            + " true AS is_paid, 100.00BD AS pay_amount, CAST(NULL AS STRING) AS live_session_id");

    List<DataTests.Test> tests = DataTests.declared(List.of("fact_order_lines"), List.of(NIGHT));
    DataTests.Test gmv = tests.get(tests.size() - 1);
    assertThat(gmv.name()).isEqualTo("gmv_equals_silver");
    assertThat(gmv.query()).contains("order_date IN (DATE'2025-03-01')").doesNotContain("{{");
    assertThat(spark.sql(gmv.query()).collectAsList())
        .extracting(Object::toString)
        .containsExactly("[2025-03-01,2,1,150.00,100.00]");
  }
}
