package io.livecart.cli;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.jobs.ingest.Ingest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Land the raw files of each day in bronze: one Delta table per source (bronze.<source>),"
          + " with lineage; lines sent twice or that do not parse go to ops.quarantine with the"
          + " reason and the raw line; ops.reconciliation counts every line read.",
      "Phone numbers are replaced by a keyed hash before anything is written. Ingesting a day"
          + " again replaces that day. A source without files for a day is skipped.",
      "A range (--from/--to) is read and written in one pass: a year costs one night's fixed"
          + " overhead. A range whose files exceed livecart.ingest-pass-size (4G) is ingested in"
          + " passes of consecutive days, each so."
    })
final class IngestCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Mixin DateRange days;

  @Override
  public Integer call() {
    LiveCartConfig config = parent.config();
    parent.withSpark(
        config,
        "livecart ingest",
        spark -> {
          Ingest.Result result =
              Ingest.of(spark, config, days.days(), RunIds.next("ingest")).execute();
          Runs.printCounts(parent.out(), result.sources());
        });
    return 0;
  }
}
