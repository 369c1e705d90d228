package io.livecart.cli;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.spark.Sessions;
import io.livecart.jobs.external.Imported;
import io.livecart.jobs.external.PublicSet;
import io.livecart.jobs.external.Window;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Converts a public data set into landing files, one per source and day, for `backfill` and"
          + " `nightly` to load like any shop's. SET is one of:",
      "  cdnow    CDNOW purchase histories (CDNOW_master.txt): orders",
      "  m5       Walmart M5 item-store sales with prices (tiny_m5.csv.gz): orders, products",
      "  grocery  an online grocer's purchase log (groceryElog.csv): orders, no amounts",
      "  taobao   Taobao user behaviour (UserBehavior.csv): interactions, products, orders",
      "Importing the same file again replaces the files it wrote."
    })
final class ImportCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Parameters(
      index = "0",
      paramLabel = "SET",
      converter = SetConverter.class,
      description = "cdnow, m5, grocery or taobao.")
  PublicSet set;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "The set's file.")
  Path input;

  @Option(
      names = "--from",
      paramLabel = "DATE",
      description = "Keep the days from this one on (default: the set's first).")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "DATE",
      description = "Keep the days up to this one (default: the set's last).")
  LocalDate to;

  @Override
  public Integer call() {
    if (from != null && to != null && from.isAfter(to)) {
      throw Errors.badDateRange(from, to);
    }
    LiveCartConfig config = parent.config();
    Imported imported =
        set.convert(
            input,
            config.landing(),
            Sessions.hadoopConfiguration(config),
            config.timeZone(),
            new Window(from, to));
    parent
        .out()
        .printf(
            Locale.ROOT,
            "wrote %s on %d days, %s to %s, into %s%n",
            imported.rows().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey().folder()))
                .collect(Collectors.joining(", ")),
            imported.days(),
            imported.first(),
            imported.last(),
            config.landing());
    return 0;
  }

  static final class SetConverter implements ITypeConverter<PublicSet> {
    @Override
    public PublicSet convert(String value) {
      return PublicSet.valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
