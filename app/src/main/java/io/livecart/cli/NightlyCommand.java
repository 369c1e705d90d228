package io.livecart.cli;

import io.livecart.jobs.nightly.Nightly;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "nightly",
    mixinStandardHelpOptions = true,
    description = {
      "The night's run, the one command a scheduler calls: ingest the day's landing files, build"
          + " silver, then gold. Each step is recorded in ops.runs (see `status`).",
      "Running a succeeded night again rebuilds the same rows. A failed or killed night is"
          + " repaired by running it again; --resume skips the steps its last run finished. A"
          + " second run on the same warehouse while one is running exits with code 4."
    })
final class NightlyCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "DATE",
      description = "The business day to run (YYYY-MM-DD).")
  LocalDate date;

  @Option(
      names = "--resume",
      description = "Skip the steps the last run of this night finished; start at the next one.")
  boolean resume;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the steps' figures (seconds, rows, rows/s, peak heap) as JSON.")
  Path json;

  @Override
  public Integer call() {
    return Runs.run(parent, Nightly.NIGHTLY, List.of(date), resume, Optional.ofNullable(json));
  }
}
