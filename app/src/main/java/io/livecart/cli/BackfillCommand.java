package io.livecart.cli;

import io.livecart.jobs.nightly.Nightly;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Load a range of days, history before the first night: the nightly steps, each taking the"
          + " whole range at once (a year costs one night's fixed overhead, not 365), the ingest"
          + " in passes of at most livecart.ingest-pass-size of landing files.",
      "Snapshots (RFM, cohorts ...) and alerts are as of the last day. Recorded in ops.runs;"
          + " --resume skips the steps the last backfill of the same range finished, and the"
          + " ingest passes it landed."
    })
final class BackfillCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Mixin DateRange days;

  @Option(
      names = "--resume",
      description =
          "Skip the steps the last backfill of this range finished, and the ingest passes it"
              + " landed.")
  boolean resume;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the steps' figures (seconds, rows, rows/s, peak heap) as JSON.")
  Path json;

  @Override
  public Integer call() {
    return Runs.run(parent, Nightly.BACKFILL, days.days(), resume, Optional.ofNullable(json));
  }
}
