package io.livecart.cli;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Maintenance;
import io.livecart.jobs.nightly.WarehouseLock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Keep the lake healthy, table by table, with Delta's own tools: compact the small files"
          + " nightly slices leave (OPTIMIZE), set the time-travel window to"
          + " livecart.maintenance.time-travel-days (30 by default; the log and deleted-file"
          + " retention of each table), and delete the data files no version inside it needs"
          + " (VACUUM). The rows of every table stay as they were.",
      "Takes the warehouse lock, as a night does: run it when no night runs, e.g. weekly after"
          + " one. Prints each table's data files read by a query and on disk, before and after,"
          + " and what ran: OPTIMIZE only where a partition holds two small files or more, VACUUM"
          + " only where a file no longer read is older than the window."
    })
final class MaintainCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Override
  public Integer call() {
    LiveCartConfig config = parent.config();
    Optional<WarehouseLock> lock = WarehouseLock.take(config, RunIds.next("maintain"));
    try {
      parent.withSpark(
          config,
          "livecart maintain",
          spark -> {
            List<Maintenance.Done> done = Maintenance.run(spark, config);
            parent
                .out()
                .printf(
                    Locale.ROOT,
                    "%-34s %15s %15s %21s %7s  %s%n",
                    "table",
                    "files read",
                    "files on disk",
                    "MB on disk",
                    "seconds",
                    "ran");
            long[] totals = new long[6];
            for (Maintenance.Done table : done) {
              print(table.table().qualified(), table, table.seconds(), table.ran());
              totals[0] += table.currentFilesBefore();
              totals[1] += table.currentFilesAfter();
              totals[2] += table.diskFilesBefore();
              totals[3] += table.diskFilesAfter();
              totals[4] += table.diskBytesBefore();
              totals[5] += table.diskBytesAfter();
            }
            print(
                "all " + done.size() + " tables",
                new Maintenance.Done(
                    null, totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], false,
                    false, 0),
                done.stream().mapToDouble(Maintenance.Done::seconds).sum(),
                "");
            parent
                .out()
                .printf(
                    Locale.ROOT,
                    "Time travel reaches at least %d days back on every table.%n",
                    config.timeTravelDays());
          });
    } finally {
      lock.ifPresent(WarehouseLock::close);
    }
    return 0;
  }

  private void print(String name, Maintenance.Done table, double seconds, String ran) {
    parent
        .out()
        .printf(
            Locale.ROOT,
            "%-34s %6d -> %-6d %6d -> %-6d %9.1f -> %-9.1f %7.1f  %s%n",
            name,
            table.currentFilesBefore(),
            table.currentFilesAfter(),
            table.diskFilesBefore(),
            table.diskFilesAfter(),
            table.diskBytesBefore() / 1e6,
            table.diskBytesAfter() / 1e6,
            seconds,
            ran);
  }
}
