package io.livecart.cli;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.jobs.gold.Gold;
import io.livecart.jobs.ledger.Ledger;
import io.livecart.jobs.silver.Silver;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
          + " rebuilds each touched day once, and snapshots and alerts are as of its last day."
    })
final class BuildCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Mixin DateRange days;

  @Override
  public Integer call() {
    LiveCartConfig config = parent.config();
    parent.withSpark(
        config,
        "livecart build",
        spark -> {
          List<LocalDate> range = days.days();
          Silver.Result result = Silver.of(spark, config, range, RunIds.next("build")).execute();
          for (Ledger.Counts source : result.sources()) {
            parent
                .out()
                .printf(
                    Locale.ROOT,
                    "%s %-13s read %,d, quarantined %s, flagged %s%n",
                    source.day(),
                    source.source().folder(),
                    source.read(),
                    source.quarantined(),
                    source.flagged());
          }
          Gold.Result gold = Gold.of(spark, config, range).execute();
          LocalDate night = range.get(range.size() - 1);
          parent
              .out()
              .printf(
                  Locale.ROOT,
                  "%s gold rebuilt for %d days, %s to %s%n",
                  night,
                  gold.days().size(),
                  gold.days().first(),
                  gold.days().last());
          for (DeltaWrites.Written table : gold.tables()) {
            parent
                .out()
                .printf(Locale.ROOT, "%s %-28s %,d rows%n", night, table.table(), table.rows());
          }
        });
    return 0;
  }
}
