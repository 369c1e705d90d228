package io.livecart.core;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The one factory of user-facing errors. Each message states what failed, why, and what to do, so
 * that a data engineer reading it at 03:00 does not need the code.
 */
public final class Errors {
  private Errors() {}

  public static LiveCartException badOption(String option, String value, String expected) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format("Invalid value '%s' for %s: expected %s.", value, option, expected),
        null);
  }

  public static LiveCartException badDateRange(LocalDate from, LocalDate to) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "Invalid date range %s..%s: --from must not be after --to. Swap the two dates.",
            from, to),
        null);
  }

  public static LiveCartException beforeWorldStart(LocalDate date, LocalDate worldStart) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "Cannot generate %s: the generated world starts on %s. Use a later --from, or move"
                + " the world's start with --world-start (which changes every generated day).",
            date, worldStart),
        null);
  }

  public static LiveCartException otherWorld(String folder, String existing, String requested) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "%s already holds a generated world (%s), not the one requested (%s). Repeat the"
                + " first call's --seed, --scale and --world-start to add days to it, or generate"
                + " into another folder with --root.",
            folder, existing, requested),
        null);
  }

  public static LiveCartException configFileMissing(Path file) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "Config file %s does not exist. Check the path given with --config or LIVECART_CONFIG.",
            file),
        null);
  }

  public static LiveCartException badConfig(String detail, Throwable cause) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        "Invalid configuration: "
            + detail
            + ". Compare with conf/livecart.conf, which lists every key with its default.",
        cause);
  }

  public static LiveCartException sqlFailed(String statement, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "SQL failed: %s (statement: %s). Fix the statement; `livecart sql 'SHOW TABLES'`"
                + " lists what can be queried.",
            firstLine(reason), abbreviate(statement)),
        cause);
  }

  public static LiveCartException cannotWrite(String location, Throwable cause) {
    return new LiveCartException(
        ExitCode.INTERNAL_ERROR,
        String.format(
            "Cannot write %s: %s. Check that the folder exists or can be created, is writable"
                + " and has free space.",
            location, cause.getMessage()),
        cause);
  }

  public static LiveCartException cannotRead(String location, Throwable cause) {
    return new LiveCartException(
        ExitCode.INTERNAL_ERROR,
        String.format(
            "Cannot read %s: %s. Check that it exists and is readable by this user.",
            location, cause.getMessage()),
        cause);
  }

  /** The SQL endpoint's server is not installed where it was looked for. */
  public static LiveCartException trinoMissing(Path home) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "No Trino server in %s. Run bin/trino-install (it downloads the server once from the"
                + " Maven registry and keeps only its Delta Lake plugin), or point --trino-home"
                + " (LIVECART_TRINO_HOME) at an unpacked trino-server.",
            home),
        null);
  }

  /** No Java new enough for the SQL endpoint's server. */
  public static LiveCartException javaTooOld(int required, String searched) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "Trino needs Java %d or newer, and none was found (searched %s). Install one (e.g."
                + " Temurin 25) and pass its folder with --java-home (LIVECART_TRINO_JAVA_HOME).",
            required, searched),
        null);
  }

  /** The SQL endpoint reads the warehouse on this machine's disks only. */
  public static LiveCartException warehouseNotLocal(String warehouse) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "livecart serve reads a warehouse on this machine's file system, not %s. For a"
                + " warehouse in object storage, point a Trino cluster's Delta Lake catalog at it"
                + " (docs/analysts.md shows the catalog and how to register the tables).",
            warehouse),
        null);
  }

  /** The SQL endpoint's server did not start, or stopped by itself. */
  public static LiveCartException endpointFailed(String what, Path log, String tail) {
    return new LiveCartException(
        ExitCode.INTERNAL_ERROR,
        String.format(
            "The SQL endpoint %s. The server's log is %s; its last lines:%n%s%nA port already in"
                + " use (--port) or too little memory (--heap) are the usual causes.",
            what, log, tail),
        null);
  }

  /** A source failed its freshness rule on the night: the night stops before silver. */
  public static LiveCartException sourcesNotFresh(
      LocalDate night, String landing, java.util.List<String> errors) {
    return new LiveCartException(
        ExitCode.DATA_QUALITY,
        String.format(
            "Source freshness failed on %s: %s. Nothing was built from this night. Deliver the"
                + " missing files to %s/<source>/dt=<day>/ and run the night again (--resume"
                + " ingests again); if a source has stopped for good, switch its rule off, e.g."
                + " --set freshness.sources.<source>.error-after-days=off. ops.source_freshness"
                + " holds every source's check.",
            night, String.join("; ", errors), landing),
        null);
  }

  /** A data test of severity error failed on gold: the night stops before publishing. */
  public static LiveCartException dataTestsFailed(LocalDate night, java.util.List<String> failed) {
    return new LiveCartException(
        ExitCode.DATA_QUALITY,
        String.format(
            "Data tests failed on %s's gold (failing rows): %s. Nothing was published for this"
                + " night. ops.test_results holds each test and, in its query column, the SQL that"
                + " shows the failing rows; fix the cause (the gold SQL, then build --select"
                + " TABLE+ and the night's date, or the data), then run the night again with"
                + " --resume.",
            night, String.join("; ", failed)),
        null);
  }

  public static LiveCartException reconciliationFailed(String detail) {
    return new LiveCartException(
        ExitCode.DATA_QUALITY,
        "Reconciliation failed: "
            + detail
            + ". Rows were lost or counted twice between the landing files and the tables; the"
            + " tables written by this run may be incomplete. Rerun the day; if it fails again,"
            + " report it with the ops.reconciliation rows of the day.",
        null);
  }

  public static LiveCartException expectationFailed(
      String source, java.time.LocalDate day, String expectation, String violation, long rows) {
    return new LiveCartException(
        ExitCode.DATA_QUALITY,
        String.format(
            "Expectation %s failed for %s on %s: %,d rows match (%s). The export itself looks"
                + " broken; check the files in the landing zone for that day, fix or re-deliver"
                + " them, and rerun the day.",
            expectation, source, day, rows, violation),
        null);
  }

  /** Landing files refused whole: nothing of the run's days was loaded. */
  public static LiveCartException landingFilesRefused(java.util.List<String> refusals) {
    int shown = Math.min(refusals.size(), 10);
    String more =
        refusals.size() > shown ? "\n  ... and " + (refusals.size() - shown) + " more" : "";
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "%d landing file%s refused, so nothing of these days was loaded:%n  %s%s%nFix or"
                + " re-deliver %s, then run again.",
            refusals.size(),
            refusals.size() == 1 ? "" : "s",
            String.join("\n  ", refusals.subList(0, shown)),
            more,
            refusals.size() == 1 ? "it" : "them"),
        null);
  }

  public static LiveCartException constraintBrokenByStoredRows(
      String table, String constraint, String check, Throwable cause) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "Cannot set constraint %s (CHECK %s) on %s: rows already stored there break it, most"
                + " likely because a threshold of livecart.silver.parameters was lowered. Keep the"
                + " old value, or rebuild the table under the new one: delete its folder and run"
                + " `backfill` over the history.",
            constraint, check, table),
        cause);
  }

  public static LiveCartException alreadyRunning(String lockFile, String holder) {
    return new LiveCartException(
        ExitCode.ALREADY_RUNNING,
        String.format(
            "Another run holds the warehouse (%s, held by %s); nothing was done. Wait for it to"
                + " end (`livecart status` shows its steps), then run again. The lock is released"
                + " when that process ends, even if it is killed.",
            lockFile, holder),
        null);
  }

  public static LiveCartException cannotLock(String lockFile, Exception cause) {
    return new LiveCartException(
        ExitCode.INTERNAL_ERROR,
        String.format(
            "Cannot take the warehouse lock %s: %s. Check that the warehouse folder is writable.",
            lockFile, cause.getMessage()),
        cause);
  }

  /**
   * A step of a night that failed: the run went on with the steps that do not need it and ends with
   * this. A failure of ours keeps its exit code; anything else is an internal error.
   */
  public static LiveCartException stepFailed(String step, Throwable cause) {
    ExitCode code = cause instanceof LiveCartException e ? e.exitCode() : ExitCode.INTERNAL_ERROR;
    return new LiveCartException(code, stepFailedMessage(step, summary(cause)), cause);
  }

  /** A step that ran to its end with some of its parts failed (gold's tables). */
  public static LiveCartException stepFailed(String step, String why) {
    return new LiveCartException(ExitCode.INTERNAL_ERROR, stepFailedMessage(step, why), null);
  }

  /**
   * A build whose gold tables failed ({@code failed}: table to why) or were skipped as they read
   * one: the others were built.
   */
  public static LiveCartException goldTablesFailed(
      java.util.Map<String, String> failed, java.util.Set<String> skipped) {
    StringBuilder why = new StringBuilder("Gold tables failed: ");
    failed.forEach((table, reason) -> why.append(table).append(" (").append(reason).append("); "));
    why.append("not built, as they read one of them: ")
        .append(skipped.isEmpty() ? "none" : String.join(", ", skipped))
        .append(". The other tables were built. Fix the cause, then rebuild only these with build")
        .append(" --select ")
        .append(String.join(",", failed.keySet().stream().map(t -> t + "+").toList()))
        .append(" and the same dates.");
    return new LiveCartException(ExitCode.INTERNAL_ERROR, why.toString(), null);
  }

  private static String stepFailedMessage(String step, String why) {
    return String.format(
        "Step %s failed: %s. The steps and tables that do not need it ran; the step table above"
            + " and ops.runs say which did not. Fix the cause, then run the same command with"
            + " --resume to run only what failed or could not run.",
        step, why);
  }

  /**
   * What went wrong, in one line for a ledger or a log: a LiveCartException's own message, else the
   * innermost cause (a task's StackOverflowError, not the job abort that wraps it) with its first
   * line, at most 300 characters.
   */
  public static String summary(Throwable error) {
    if (error instanceof LiveCartException e) {
      return e.getMessage();
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String line =
        root.getMessage() == null
            ? root.toString()
            : root.getClass().getName() + ": " + firstLine(root.getMessage());
    if (root != error) {
      line += " (in: " + firstLine(String.valueOf(error.getMessage())) + ")";
    }
    return line.length() <= 300 ? line : line.substring(0, 297) + "...";
  }

  /** The first line that says something: Spark's parse errors begin with an empty one. */
  private static String firstLine(String text) {
    String said = text.strip();
    int newline = said.indexOf('\n');
    return newline < 0 ? said : said.substring(0, newline);
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
  }

  public static LiveCartException noChampion(String model) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "No %s model has been promoted yet, so there is nothing to score with. Run `train`"
                + " first (a model is promoted when it beats the baselines on the holdout); see"
                + " ml.model_registry for why earlier ones were not.",
            model),
        null);
  }

  /**
   * The champion reads features this version no longer computes (it was trained by another version
   * of the job): a model trained now replaces it.
   */
  public static LiveCartException trainedOnOtherFeatures(
      String model, String version, java.util.List<String> features, LocalDate asOf) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "The %s champion %s reads features this version does not compute (%s): it was trained"
                + " by another version of livecart. Train one with this version, `livecart train"
                + " --model %s --date %s`: once it is promoted, it scores (ml.model_registry says"
                + " why a version was not).",
            model, version, String.join(", ", features), model, asOf),
        null);
  }

  public static LiveCartException notEnoughHistory(String model, String detail) {
    return new LiveCartException(
        ExitCode.BAD_INPUT,
        String.format(
            "Cannot train the %s model: not enough history (%s). Load more days with `backfill`.",
            model, detail),
        null);
  }
}
