package io.livecart.cli;

import io.delta.tables.DeltaTable;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.gold.DataTests;
import io.livecart.jobs.ledger.SourceFreshness;
import io.livecart.jobs.nightly.RunLedger;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Print the latest runs of nightly and backfill from ops.runs: each step's state (running"
          + " with no end: the run was killed or is still going), start, duration, rows in and"
          + " out, and the error of a failed step; then each source's freshness on the latest"
          + " night judged (ops.source_freshness), and the data tests of the latest night tested"
          + " that did not pass (ops.test_results)."
    })
final class StatusCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "5",
      description = "How many runs to show, newest first. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Override
  public Integer call() {
    LiveCartConfig config = parent.config();
    parent.withSpark(
        config,
        "livecart status",
        spark -> {
          if (!DeltaTable.isDeltaTable(spark, RunLedger.RUNS.path(config))) {
            parent.out().println("No run yet: ops.runs is empty.");
            return;
          }
          Catalog.register(spark, RunLedger.RUNS, config);
          spark
              .sql(
                  String.format(
                      """
                      WITH latest AS (
                        SELECT run_id, min(started_at) AS run_started FROM %1$s
                        GROUP BY run_id ORDER BY run_started DESC LIMIT %2$d
                      ),
                      steps AS (
                        SELECT r.*, l.run_started, row_number() OVER (
                          PARTITION BY r.run_id, r.step ORDER BY r.ended_at DESC NULLS LAST) AS n
                        FROM %1$s r JOIN latest l USING (run_id)
                      )
                      SELECT run_id, command,
                             CASE WHEN from_date = to_date THEN CAST(from_date AS STRING)
                                  ELSE concat(from_date, '..', to_date) END AS days,
                             step, status,
                             date_format(started_at, 'yyyy-MM-dd HH:mm:ss') AS started,
                             round(unix_millis(ended_at) / 1000.0
                                   - unix_millis(started_at) / 1000.0, 1) AS seconds,
                             rows_in, rows_out, substring(error, 1, 120) AS error
                      FROM steps WHERE n = 1
                      ORDER BY run_started DESC, started_at
                      """,
                      RunLedger.RUNS.qualified(), runs))
              .show(1000, false);
          latestNight(
              spark,
              config,
              SourceFreshness.TABLE,
              "Source freshness of the latest night judged:",
              "as_of_date, source, status, newest_day, lag_days, rows,"
                  + " round(median_rows) AS median_rows, reason",
              "TRUE",
              "source");
          latestNight(
              spark,
              config,
              DataTests.TABLE,
              "Data tests of the latest night tested that did not pass:",
              "as_of_date, table_name, test, status, failures",
              "status <> 'pass'",
              "status, table_name, test");
        });
    return 0;
  }

  /** The rows of an ops table's latest night that match {@code where}, under a title. */
  private void latestNight(
      SparkSession spark,
      LiveCartConfig config,
      Table table,
      String title,
      String columns,
      String where,
      String orderBy) {
    if (!table.exists(spark, config)) {
      return;
    }
    parent.out().println(title);
    parent.out().flush();
    spark
        .sql(
            String.format(
                "SELECT %2$s FROM %1$s WHERE as_of_date = (SELECT max(as_of_date) FROM %1$s)"
                    + " AND %3$s ORDER BY %4$s",
                table.byPath(spark, config), columns, where, orderBy))
        .show(100, false);
  }
}
