package io.livecart.cli;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.jobs.external.Cdnow;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "import-cdnow",
    mixinStandardHelpOptions = true,
    description = {
      "Converts the CDNOW master file (the public BTYD benchmark: customer id, yyyyMMdd date,"
          + " CDs, dollars) into orders landing files, one CSV per day, for `backfill` and"
          + " `train` to run on real purchase histories. Orders only: no members, visits or"
          + " interactions."
    })
final class ImportCdnowCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "CDNOW_master.txt (e.g. from the lifetimes project's datasets).")
  Path input;

  @Override
  public Integer call() {
    LiveCartConfig config = parent.config();
    Cdnow.Converted converted = Cdnow.convert(input, config.landing(), config.timeZone());
    parent
        .out()
        .printf(
            Locale.ROOT,
            "wrote %,d orders on %d days, %s to %s, into %s/orders%n",
            converted.orders(),
            converted.days(),
            converted.first(),
            converted.last(),
            config.landing());
    return 0;
  }
}
