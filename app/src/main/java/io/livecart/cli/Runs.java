package io.livecart.cli;

import static java.util.stream.Collectors.toCollection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import io.livecart.jobs.ledger.Ledger;
import io.livecart.jobs.ledger.SourceFreshness;
import io.livecart.jobs.nightly.Nightly;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

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
              .ifPresent(g -> out.printf(Locale.ROOT, "gold rebuilt %s%n", Steps.ranges(g.days())));
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

  /**
   * One line per source for the rows a layer read over its days: read, accepted, quarantined and
   * flagged by reason. A range's per-day counts are in {@code ops.reconciliation}; a line per day
   * and source printed 2,920 lines for a year.
   */
  static void printCounts(PrintWriter out, List<Ledger.Counts> counts) {
    Map<Source, List<Ledger.Counts>> bySource = new EnumMap<>(Source.class);
    counts.forEach(c -> bySource.computeIfAbsent(c.source(), s -> new ArrayList<>()).add(c));
    bySource.forEach(
        (source, days) -> {
          Map<String, Long> quarantined = new TreeMap<>();
          Map<String, Long> flagged = new TreeMap<>();
          days.forEach(
              c -> {
                c.quarantined()
                    .forEach((reason, rows) -> quarantined.merge(reason, rows, Long::sum));
                c.flagged().forEach((reason, rows) -> flagged.merge(reason, rows, Long::sum));
              });
          out.printf(
              Locale.ROOT,
              "%-13s %s: read %,d, accepted %,d, quarantined %s, flagged %s%n",
              source.folder(),
              Steps.ranges(
                  days.stream().map(Ledger.Counts::day).collect(toCollection(TreeSet::new))),
              days.stream().mapToLong(Ledger.Counts::read).sum(),
              days.stream().mapToLong(Ledger.Counts::accepted).sum(),
              quarantined,
              flagged);
        });
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
