package io.livecart.core;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one INFO line per step of our work: what ran, how many rows it produced, how long it took.
 * Spark's own logging stays at WARN (see the command line's logging setup).
 */
public final class Steps {
  private static final Logger LOG = LoggerFactory.getLogger("io.livecart.step");

  private Steps() {}

  /** Days as a step names them: {@code 2025-06-18}, or {@code 2025-01-01..2025-12-30}. */
  public static String days(SortedSet<LocalDate> days) {
    return days.first() + (days.size() > 1 ? ".." + days.last() : "");
  }

  /**
   * Days for a log line however many: runs of consecutive days, at most five, and the count, e.g.
   * {@code 2025-01-01..2025-10-27 (300 days)} or {@code 2025-01-03, 2025-01-05..2025-01-09 (6
   * days)}.
   */
  public static String ranges(SortedSet<LocalDate> days) {
    List<String> runs = new ArrayList<>();
    LocalDate first = null;
    LocalDate last = null;
    for (LocalDate day : days) {
      if (last != null && day.equals(last.plusDays(1))) {
        last = day;
        continue;
      }
      if (first != null) {
        runs.add(first + (first.equals(last) ? "" : ".." + last));
      }
      first = day;
      last = day;
    }
    if (first != null) {
      runs.add(first + (first.equals(last) ? "" : ".." + last));
    }
    String shown =
        runs.size() <= 5
            ? String.join(", ", runs)
            : String.join(", ", runs.subList(0, 5)) + " and " + (runs.size() - 5) + " more runs";
    return shown + " (" + days.size() + (days.size() == 1 ? " day)" : " days)");
  }

  /**
   * Names the Spark jobs this thread starts from now on (and those of the threads it starts) after
   * {@code step} and its {@code days}: the job group {@code <step>-<days>}, which Spark's event log
   * and bench/profile.sh read.
   */
  public static void jobGroup(SparkSession spark, String step, String days) {
    spark.sparkContext().setJobGroup(step + "-" + days, "livecart " + step + " " + days, false);
  }

  /** Logs that a step of a night starts: a long step is not silent until it ends. */
  public static void started(String what) {
    LOG.info("{}: started", what);
  }

  /** Logs a step that was timed by the caller from {@code startNanos}. */
  public static void log(String what, long rows, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    LOG.info(String.format(Locale.ROOT, "%s: %,d rows in %.2f s", what, rows, seconds));
  }
}
