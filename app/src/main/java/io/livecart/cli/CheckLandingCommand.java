package io.livecart.cli;

import io.livecart.core.Errors;
import io.livecart.core.ExitCode;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.jobs.ingest.LandingCheck;
import io.livecart.jobs.ledger.Ledger;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "check-landing",
    mixinStandardHelpOptions = true,
    description = {
      "Check a landing folder against the landing contract (docs/landing.md) before loading it,"
          + " writing nothing: per source and day the lines that would be accepted and those that"
          + " would be quarantined, by reason; the files that would be refused whole, with the"
          + " fix; the rows that would stop the run.",
      "Without --date or --from/--to, every day the landing folder holds. Exit code 2 when a"
          + " file would be refused, 3 when a row would stop the run, else 0."
    })
final class CheckLandingCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Mixin DateRange range;

  @Override
  public Integer call() {
    LiveCartConfig config = parent.config();
    int[] code = {ExitCode.OK.code()};
    parent.withSpark(
        config,
        "livecart check-landing",
        spark -> {
          List<LocalDate> days =
              range.date == null && range.from == null && range.to == null
                  ? List.copyOf(LandingCheck.landedDays(spark, config))
                  : range.days();
          if (days.isEmpty()) {
            throw Errors.badOption(
                "--root", config.landing(), "a landing folder with at least one dt=YYYY-MM-DD day");
          }
          LandingCheck.Report report = LandingCheck.run(spark, config, days);
          print(parent.out(), report);
          if (!report.refused().isEmpty()) {
            code[0] = ExitCode.BAD_INPUT.code();
          } else if (!report.stops().isEmpty()) {
            code[0] = ExitCode.DATA_QUALITY.code();
          }
        });
    return code[0];
  }

  private static void print(PrintWriter out, LandingCheck.Report report) {
    out.printf(
        Locale.ROOT,
        "%-13s %-10s %11s %11s %11s  %s%n",
        "source",
        "day",
        "read",
        "accepted",
        "quarantined",
        "by reason");
    for (Ledger.Counts c : report.counts()) {
      long quarantined = c.read() - c.accepted();
      out.printf(
          Locale.ROOT,
          "%-13s %-10s %,11d %,11d %,11d  %s%n",
          c.source().folder(),
          c.day(),
          c.read(),
          c.accepted(),
          quarantined,
          c.quarantined().entrySet().stream()
              .map(Map.Entry::toString)
              .collect(Collectors.joining(", ")));
    }
    report.stops().forEach(stop -> out.println("would stop: " + stop));
    report.refused().forEach(file -> out.println("refused: " + file));
    out.printf(
        Locale.ROOT,
        "%d files refused, %d rules that stop the run broken%s%n",
        report.refused().size(),
        report.stops().size(),
        report.refused().isEmpty() && report.stops().isEmpty() ? ": the folder can be loaded" : "");
  }
}
