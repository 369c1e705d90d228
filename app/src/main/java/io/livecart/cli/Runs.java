package io.livecart.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.jobs.ledger.Ledger;
import io.livecart.jobs.ledger.SourceFreshness;
import io.livecart.jobs.nightly.Nightly;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs {@link Nightly} for {@code nightly} and {@code backfill}, and prints what each step did; a
 * run with a failed step ends with that failure's exit code, after the table.
 */
final class Runs {
  private Runs() {}

  static int run(
      LiveCartCommand parent,
      String command,
      List<LocalDate> days,
      boolean resume,
      Optional<Path> json) {
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
              "%-19s %-15s %9s %13s %13s %8s%n",
              "step",
              "status",
              "seconds",
              "rows in",
              "rows out",
              "heap MB");
          for (Nightly.StepResult step : result.steps()) {
            out.printf(
                Locale.ROOT,
                "%-19s %-15s %9.1f %13s %13s %8s  %s%n",
                step.step().label(),
                step.status(),
                step.seconds(),
                step.outcome() == null ? "" : count(step.outcome().rowsIn()),
                step.outcome() == null ? "" : count(step.outcome().rowsOut()),
                step.outcome() == null ? "" : Long.toString(step.peakHeapBytes() >> 20),
                step.note() == null ? "" : step.note());
          }
          result.freshness().stream()
              .filter(check -> check.status().equals(SourceFreshness.WARN))
              .forEach(
                  check ->
                      out.printf(
                          Locale.ROOT,
                          "freshness warning %-13s %s%n",
                          check.source().folder(),
                          check.reason()));
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
          json.ifPresent(path -> writeJson(path, command, days, result));
          result
              .failure()
              .ifPresent(
                  failure -> {
                    throw failure;
                  });
        });
    return 0;
  }

  /**
   * The run as JSON, for comparing runs (the benchmarks write it): per step its status, seconds,
   * rows in and out, rows per second and peak heap.
   */
  private static void writeJson(Path path, String command, List<LocalDate> days, Nightly.Result r) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("command", command);
    root.put("run_id", r.runId());
    root.put("from", days.get(0).toString());
    root.put("to", days.get(days.size() - 1).toString());
    root.put("cores", Runtime.getRuntime().availableProcessors());
    ArrayNode steps = root.putArray("steps");
    for (Nightly.StepResult step : r.steps()) {
      ObjectNode s = steps.addObject();
      s.put("step", step.step().label());
      s.put("status", step.status());
      s.put("seconds", step.seconds());
      if (step.outcome() != null) {
        Long in = step.outcome().rowsIn();
        Long out = step.outcome().rowsOut();
        s.put("rows_in", in);
        s.put("rows_out", out);
        Long rows = in != null ? in : out;
        if (rows != null && step.seconds() > 0) {
          s.put("rows_per_second", rows / step.seconds());
        }
        s.put("peak_heap_mb", step.peakHeapBytes() >> 20);
      }
      s.put("note", step.note());
    }
    r.report().ifPresent(report -> root.put("report", report));
    try {
      mapper.writerWithDefaultPrettyPrinter().writeValue(path.toFile(), root);
    } catch (IOException e) {
      throw Errors.cannotWrite(path.toString(), e);
    }
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
