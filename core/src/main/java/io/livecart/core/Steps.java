package io.livecart.core;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one INFO line per step of our work: what ran, how many rows it produced, how long it took.
 * Spark's own logging stays at WARN (see the command line's logging setup).
 */
public final class Steps {
  private static final Logger LOG = LoggerFactory.getLogger("io.livecart.step");

  private Steps() {}

  /** Logs a step that was timed by the caller from {@code startNanos}. */
  public static void log(String what, long rows, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    LOG.info(String.format(Locale.ROOT, "%s: %,d rows in %.2f s", what, rows, seconds));
  }
}
