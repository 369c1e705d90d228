package io.livecart.cli;

import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.jobs.gold.DataTests;
import io.livecart.jobs.gold.Gold;
import io.livecart.jobs.silver.Silver;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
      "Build silver and gold from each day's bronze: typed tables (silver.<source>) checked by"
          + " declared expectations, rows failing one in ops.quarantine with the reason; then the"
          + " gold star schema and marts of sql/gold/ for the day, the days a late update reached"
          + " and the air days of the sessions the night touched.",
      "Orders are merged by (order_id, line_no), the latest updated_at winning, so a late refund"
          + " updates the old order; products keep their history (SCD type 2). Building a day"
          + " again leaves the same tables. Run ingest for the day first.",
      "A range (--from/--to) is built in one pass: silver takes all its days at once, gold"
          + " rebuilds each touched day once, and snapshots and alerts are as of its last day.",
      "--select rebuilds only the gold tables it names, after a fix to their SQL, as dbt's"
          + " selector: rfm is that table, rfm+ it and every gold table that reads it, +rfm it and"
          + " every gold table it reads (from the tables each query reads); silver and the other"
          + " tables are left as they are."
    })
final class BuildCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Mixin DateRange days;

  @Option(
      names = "--select",
      split = ",",
      paramLabel = "[+]TABLE[+]",
      description =
          "Only these gold tables (TABLE+: and the tables downstream of it; +TABLE: and the tables"
              + " upstream of it); no silver.")
  List<String> select = List.of();

  @Override
  public Integer call() {
    LiveCartConfig config = parent.config();
    parent.withSpark(
        config,
        "livecart build",
        spark -> {
          List<LocalDate> range = days.days();
          String runId = RunIds.next("build");
          if (select.isEmpty()) {
            silver(spark, config, range, runId);
          }
          Gold builder = Gold.of(spark, config, range);
          Gold.Result gold = select.isEmpty() ? builder.execute() : builder.executeSelected(select);
          LocalDate night = range.get(range.size() - 1);
          parent
              .out()
              .printf(Locale.ROOT, "%s gold rebuilt %s%n", night, Steps.ranges(gold.days()));
          for (DeltaWrites.Written table : gold.tables()) {
            parent
                .out()
                .printf(Locale.ROOT, "%s %-28s %,d rows%n", night, table.table(), table.rows());
          }
          if (!gold.complete()) {
            throw Errors.goldTablesFailed(gold.failed(), gold.skipped().keySet());
          }
          List<String> built = gold.tables().stream().map(t -> t.table().name()).toList();
          for (DataTests.Outcome test :
              DataTests.run(spark, config, night, built, gold.days(), runId)) {
            if (test.failures() > 0) {
              parent
                  .out()
                  .printf(
                      Locale.ROOT,
                      "%s %s: gold.%s %s, %,d failing rows%n",
                      night,
                      test.status(),
                      test.test().table(),
                      test.test().name(),
                      test.failures());
            }
          }
        });
    return 0;
  }

  private void silver(
      SparkSession spark, LiveCartConfig config, List<LocalDate> range, String runId) {
    Silver.Result result = Silver.of(spark, config, range, runId).execute();
    Runs.printCounts(parent.out(), result.sources());
  }
}
