package io.livecart.cli;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import io.livecart.jobs.report.Exports;
import io.livecart.jobs.report.PlannerReport;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Writes the planners' exports of DATE (one CSV file per output, UTF-8 with a byte-order"
            + " mark, and an Excel workbook) and the planner report (one self-contained HTML page)"
            + " under <reports>/DATE/, replacing earlier ones. `nightly` does it as its last step.")
final class ReportCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "DATE",
      description = "The as-of date (YYYY-MM-DD).")
  LocalDate date;

  @Override
  public Integer call() {
    LiveCartConfig config = parent.config();
    parent.withSpark(
        config,
        "livecart report",
        spark -> {
          Catalog.register(spark, config);
          Exports.Written exports = Exports.write(spark, config, date);
          exports
              .rows()
              .forEach(
                  (name, rows) ->
                      parent.out().printf(Locale.ROOT, "exported %-20s %,d rows%n", name, rows));
          parent.out().printf("exports: %s%n", exports.folder());
          parent
              .out()
              .printf("planner report: %s%n", PlannerReport.write(spark, config, date, null));
        });
    return 0;
  }
}
