package io.livecart.cli;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.jobs.ledger.Ledger;
import io.livecart.jobs.nightly.Nightly;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Runs {@link Nightly} for {@code nightly} and {@code backfill}, and prints what each step did. */
final class Runs {
  private Runs() {}

  static int run(LiveCartCommand parent, String command, List<LocalDate> days, boolean resume) {
    LiveCartConfig config = parent.config();
    parent.withSpark(
        config,
        "livecart " + command,
        spark -> {
          Nightly.Result result =
              Nightly.of(spark, config, command, days, RunIds.next(command), resume).execute();
          var out = parent.out();
          out.printf(
              Locale.ROOT,
              "%s %s to %s, run %s%n",
              command,
              days.get(0),
              days.get(days.size() - 1),
              result.runId());
          out.printf(
              Locale.ROOT,
              "%-19s %-10s %9s %13s %13s%n",
              "step",
              "status",
              "seconds",
              "rows in",
              "rows out");
          for (Nightly.StepResult step : result.steps()) {
            out.printf(
                Locale.ROOT,
                "%-19s %-10s %9.1f %13s %13s  %s%n",
                step.step().label(),
                step.status(),
                step.seconds(),
                step.outcome() == null ? "" : count(step.outcome().rowsIn()),
                step.outcome() == null ? "" : count(step.outcome().rowsOut()),
                step.note() == null ? "" : step.note());
          }
          Map<String, Long> quarantined = new TreeMap<>();
          result.ingest().ifPresent(r -> tally(quarantined, "bronze", r.sources()));
          result.silver().ifPresent(r -> tally(quarantined, "silver", r.sources()));
          quarantined.forEach(
              (what, rows) -> out.printf(Locale.ROOT, "quarantined %-40s %,d rows%n", what, rows));
          result
              .gold()
              .ifPresent(
                  g ->
                      out.printf(
                          Locale.ROOT,
                          "gold rebuilt %d days, %s to %s%n",
                          g.days().size(),
                          g.days().first(),
                          g.days().last()));
          result.report().ifPresent(path -> out.printf("planner report: %s%n", path));
        });
    return 0;
  }

  private static void tally(Map<String, Long> into, String layer, List<Ledger.Counts> counts) {
    for (Ledger.Counts c : counts) {
      c.quarantined()
          .forEach(
              (reason, rows) ->
                  into.merge(layer + " " + c.source().folder() + " " + reason, rows, Long::sum));
    }
  }

  private static String count(Long value) {
    return value == null ? "" : String.format(Locale.ROOT, "%,d", value);
  }
}
