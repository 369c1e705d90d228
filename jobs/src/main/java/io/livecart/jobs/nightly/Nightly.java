package io.livecart.jobs.nightly;

import io.livecart.core.Errors;
import io.livecart.core.LiveCartException;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Maintenance;
import io.livecart.core.warehouse.Publication;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.gold.DataTests;
import io.livecart.jobs.gold.Gold;
import io.livecart.jobs.ingest.Ingest;
import io.livecart.jobs.ledger.Ledger;
import io.livecart.jobs.ledger.SourceFreshness;
import io.livecart.jobs.report.Exports;
import io.livecart.jobs.report.PlannerReport;
import io.livecart.jobs.silver.Silver;
import io.livecart.models.Model;
import io.livecart.models.registry.Registry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A night, or a backfill's range of days, from landing files to gold and, for a night, on to the
 * models: the steps in dependency order, each recorded in {@code ops.runs} ({@link RunLedger}),
 * under the warehouse lock ({@link WarehouseLock}). A range goes through each step in one pass.
 * {@code train} runs only when the models are due ({@code models.parameters.retrain_every_days})
 * and the history is long enough; {@code score} once a model has been promoted; otherwise each is
 * recorded as skipped, with the reason.
 *
 * <p>Every step replaces exactly what it owns (the days' bronze and silver rows, gold's touched
 * days and snapshots), so running a succeeded night again leaves the same rows, and a night killed
 * mid-step is repaired by running it again: Delta commits are atomic, so a killed step left either
 * its old rows or its new ones. With {@code resume}, the steps the previous run of the same days
 * finished are not run again (recorded as resumed) and the run starts at the first one it did not.
 *
 * <p>One failure is not the night's, as in dbt: a step that fails (an exception, or an Error such
 * as a stack overflow) is recorded {@code failed} with why in one line, the steps that need it
 * ({@link Step#needs}) are recorded {@code upstream_failed}, and every other step still runs.
 * Inside gold a failed table skips only the tables that read it; a model step runs if the gold
 * tables it reads ({@link Step#goldReads}) were built. The run then ends with the first failure's
 * exit code, and {@code resume} runs again only what failed or could not run (of gold, only the
 * tables not built; of an ingest in passes, only the passes not landed).
 */
public final class Nightly {
  public static final String NIGHTLY = "nightly";
  public static final String BACKFILL = "backfill";

  private static final Logger LOG = LoggerFactory.getLogger(Nightly.class);

  /** The steps, in the order they run. */
  public enum Step {
    /**
     * Loads the days' landing files into bronze; on a night, then judges each source's freshness
     * ({@link SourceFreshness}): an error fails the step, so nothing is built from the night.
     */
    INGEST,
    SILVER,
    /**
     * Builds gold, then runs its data tests ({@link DataTests}): a failing test of severity error
     * fails the step, so nothing is published.
     */
    GOLD,
    /** Trains the repurchase model when due ({@code retrain_every_days}); nightly only. */
    TRAIN_REPURCHASE(Model.REPURCHASE),
    /** Trains the GMV forecast when due; nightly only. */
    TRAIN_GMV(Model.GMV_FORECAST),
    /** Backtests the replenishment policy when due; nightly only. */
    TRAIN_REPLENISHMENT(Model.REPLENISHMENT),
    /** Scores the active users with the repurchase champion; nightly only. */
    SCORE_REPURCHASE(Model.REPURCHASE),
    /**
     * Forecasts GMV with the champion, or without one with the best baseline of the last backtest;
     * nightly only.
     */
    FORECAST_GMV(Model.GMV_FORECAST),
    /**
     * Plans replenishment per SKU and warehouse with the champion policy, or without one with the
     * naive policy; nightly only.
     */
    PLAN_REPLENISHMENT(Model.REPLENISHMENT),
    /** Ranks the SKUs in stock for the next sessions from the night's plan; nightly only. */
    SCORE_SELECTION(Model.SELECTION),
    /**
     * Publishes the night: one commit to {@code ops.published}, which switches the latest views of
     * the alerts, scores and forecasts to it together; nightly only.
     */
    PUBLISH,
    /**
     * Writes the published night's exports (CSV, Excel) and the planner report under {@code
     * <reports>/<date>/}; nightly only.
     */
    REPORT,
    /**
     * Keeps the lake healthy ({@link Maintenance}: compaction, time-travel window, VACUUM) on the
     * night of the weekday {@code livecart.maintenance.night} names; off by default; nightly only.
     */
    MAINTAIN;

    /** The model a model step trains or scores (null for the other steps). */
    private final Model model;

    Step() {
      this(null);
    }

    Step(Model model) {
      this.model = model;
    }

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The steps whose work this one reads: it does not run when one of them failed. */
    Set<Step> needs() {
      return switch (this) {
        case INGEST -> Set.of();
        case SILVER -> Set.of(INGEST);
        case GOLD -> Set.of(SILVER);
        case TRAIN_REPURCHASE, TRAIN_GMV, TRAIN_REPLENISHMENT -> Set.of(GOLD);
        case SCORE_REPURCHASE -> Set.of(GOLD, TRAIN_REPURCHASE);
        case FORECAST_GMV -> Set.of(GOLD, TRAIN_GMV);
        case PLAN_REPLENISHMENT -> Set.of(GOLD, TRAIN_REPLENISHMENT);
        case SCORE_SELECTION -> Set.of(GOLD, PLAN_REPLENISHMENT);
        // A night is published whole or not at all.
        case PUBLISH -> EnumSet.range(INGEST, SCORE_SELECTION);
        case REPORT -> Set.of(PUBLISH);
        // A night not published leaves the lake as it is, for the run that repairs it.
        case MAINTAIN -> Set.of(PUBLISH);
      };
    }

    /**
     * The gold tables it reads (its SQL in {@code sql/models/}): when gold built only some tables,
     * it runs if these were built.
     */
    Set<String> goldReads() {
      if (model != null) {
        return model.goldReads();
      }
      return this == PUBLISH || this == REPORT ? Set.of("alerts") : Set.of();
    }

    /** A backfill loads history; the model steps belong to the night a scheduler runs. */
    boolean inBackfill() {
      return this == INGEST || this == SILVER || this == GOLD;
    }
  }

  private final SparkSession spark;
  private final LiveCartConfig config;
  private final String command;
  private final SortedSet<LocalDate> days;
  private final String runId;
  private final boolean resume;

  /** What the steps of this run returned (null: skipped, or not reached). */
  private Ingest.Result ingest;

  private List<SourceFreshness.Check> freshness;

  /** Gold's data tests, when one of severity error failed. */
  private LiveCartException testsFailed;

  private Silver.Result silver;
  private Gold.Result gold;
  private String report;
  private final Map<Step, Registry.Entry> trained = new EnumMap<>(Step.class);

  private Nightly(
      SparkSession spark,
      LiveCartConfig config,
      String command,
      SortedSet<LocalDate> days,
      String runId,
      boolean resume) {
    this.spark = spark;
    this.config = config;
    this.command = command;
    this.days = days;
    this.runId = runId;
    this.resume = resume;
  }

  /**
   * @param command what the ledger calls the run: {@code nightly}, or {@code backfill} (which loads
   *     history and leaves the model steps to the nights)
   * @param days the landing days: one night, or a backfill's range
   * @param resume skip the steps the previous run of the same command and days finished
   */
  public static Nightly of(
      SparkSession spark,
      LiveCartConfig config,
      String command,
      Collection<LocalDate> days,
      String runId,
      boolean resume) {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("no day to run");
    }
    return new Nightly(spark, config, command, new TreeSet<>(days), runId, resume);
  }

  /**
   * One step of the run: what it did, or that it was skipped.
   *
   * @param peakHeapBytes the driver's heap at its peak during the step: the sum of the heap memory
   *     pools' peaks (an upper bound of the heap used at any one moment); with an embedded local
   *     Spark the executors' work is in it too
   */
  public record StepResult(
      Step step,
      String status,
      RunLedger.Outcome outcome,
      double seconds,
      long peakHeapBytes,
      String note) {}

  /**
   * @param freshness the night's source freshness checks (none for a backfill, or when ingest was
   *     resumed past)
   * @param failure the first failure of the run (a step, or a gold table): the run's exit code is
   *     its code; empty when every step succeeded or was skipped
   */
  public record Result(
      String runId,
      List<StepResult> steps,
      Optional<Ingest.Result> ingest,
      List<SourceFreshness.Check> freshness,
      Optional<Silver.Result> silver,
      Optional<Gold.Result> gold,
      Optional<String> report,
      Optional<LiveCartException> failure) {}

  public Result execute() {
    Optional<WarehouseLock> lock = WarehouseLock.take(config, runId);
    try {
      RunLedger ledger = new RunLedger(spark, config, runId, command, days.first(), days.last());
      Optional<RunLedger.Previous> previous = resume ? ledger.previous() : Optional.empty();
      previous.ifPresent(
          p -> {
            LOG.info("resuming after run {}, which finished {}", p.runId(), p.finished());
            // the steps it skips register nothing: what they wrote must be known by name before
            // the first step that runs reads it
            Catalog.register(spark, config);
          });
      List<StepResult> steps = new ArrayList<>();
      Set<Step> notRun = EnumSet.noneOf(Step.class); // failed, or not run for a failure
      LiveCartException failure = null;
      for (Step step : Step.values()) {
        if (command.equals(BACKFILL) && !step.inBackfill()) {
          continue;
        }
        String label = step.label();
        Instant started = Instant.now();
        Optional<RunLedger.NotRun> skip = whyNotRun(step, notRun, previous);
        if (skip.isPresent()) {
          ledger.notRun(label, started, skip.get());
          if (skip.get().status().equals(RunLedger.UPSTREAM_FAILED)) {
            notRun.add(step);
          }
          steps.add(new StepResult(step, skip.get().status(), null, 0, 0, skip.get().reason()));
          continue;
        }
        ledger.started(label, started);
        Steps.started(label + " " + Steps.days(days));
        // Each step's Spark jobs carry its name; ingest, silver and gold name theirs again, as
        // their own commands do.
        Steps.jobGroup(spark, label, Steps.days(days));
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        RunLedger.Outcome outcome;
        try {
          outcome = run(step, previous);
        } catch (
            Throwable
                e) { // Spark's checked AnalysisException, or an Error such as a stack overflow
          String why = Errors.summary(e);
          LOG.error("step {} failed: {}", label, why, e);
          ledger.failed(label, started, why, null);
          notRun.add(step);
          failure = failure != null ? failure : Errors.stepFailed(label, e);
          steps.add(new StepResult(step, "failed", null, seconds(started), peakHeap(), why));
          continue;
        }
        Optional<String> partial = partialFailure(step);
        if (partial.isPresent()) {
          ledger.failed(label, started, partial.get(), outcome);
          notRun.add(step);
          failure =
              failure != null
                  ? failure
                  : step == Step.GOLD && testsFailed != null
                      ? Errors.stepFailed(label, testsFailed)
                      : Errors.stepFailed(label, partial.get());
        } else {
          ledger.succeeded(label, started, outcome);
        }
        steps.add(
            new StepResult(
                step,
                partial.isPresent() ? "failed" : "succeeded",
                outcome,
                seconds(started),
                peakHeap(),
                partial.orElse(note(step))));
      }
      ledger.flush();
      return new Result(
          runId,
          steps,
          Optional.ofNullable(ingest),
          freshness == null ? List.of() : freshness,
          Optional.ofNullable(silver),
          Optional.ofNullable(gold),
          Optional.ofNullable(report),
          Optional.ofNullable(failure));
    } finally {
      lock.ifPresent(WarehouseLock::close);
    }
  }

  private static double seconds(Instant started) {
    return (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0;
  }

  private static long peakHeap() {
    return heapPools().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
  }

  /**
   * Why {@code step} does not run, if it does not: a step it needs failed, the run resumed finished
   * it, or it is not due.
   */
  private Optional<RunLedger.NotRun> whyNotRun(
      Step step, Set<Step> notRun, Optional<RunLedger.Previous> previous) {
    Optional<String> blocked = blockedBy(step, notRun);
    if (blocked.isPresent()) {
      return Optional.of(new RunLedger.NotRun(RunLedger.UPSTREAM_FAILED, blocked.get()));
    }
    if (previous.isPresent() && previous.get().finished().contains(step.label())) {
      return Optional.of(RunLedger.NotRun.resumedAfter(previous.get().runId()));
    }
    return notDue(step).map(reason -> new RunLedger.NotRun(RunLedger.SKIPPED, reason));
  }

  /**
   * Why a step cannot run: a step it needs failed or did not run for a failure. Gold counts as
   * failed for a step only when a table the step reads was not built.
   */
  private Optional<String> blockedBy(Step step, Set<Step> notRun) {
    for (Step need : step.needs()) {
      if (!notRun.contains(need)) {
        continue;
      }
      if (need == Step.GOLD && gold != null && testsFailed == null) {
        Set<String> missing = new TreeSet<>(step.goldReads());
        missing.retainAll(unbuilt(gold));
        if (missing.isEmpty()) {
          continue;
        }
        return Optional.of(
            "reads "
                + missing.stream().map(t -> "gold." + t).collect(Collectors.joining(", "))
                + ", not built tonight (gold failed)");
      }
      return Optional.of("needs " + need.label() + ", which failed or could not run");
    }
    return Optional.empty();
  }

  private static Set<String> unbuilt(Gold.Result gold) {
    Set<String> unbuilt = new TreeSet<>(gold.failed().keySet());
    unbuilt.addAll(gold.skipped().keySet());
    return unbuilt;
  }

  /** What failed inside a step that ran to its end: gold's tables that failed or were skipped. */
  private Optional<String> partialFailure(Step step) {
    if (step != Step.GOLD) {
      return Optional.empty();
    }
    if (testsFailed != null) {
      return Optional.of(testsFailed.getMessage());
    }
    if (gold.complete()) {
      return Optional.empty();
    }
    String failed =
        gold.failed().entrySet().stream()
            .map(e -> e.getKey() + " (" + e.getValue() + ")")
            .collect(Collectors.joining("; "));
    return Optional.of(
        String.format(
            "gold tables failed: %s; skipped, as they read them: %s",
            failed,
            gold.skipped().isEmpty() ? "none" : String.join(", ", gold.skipped().keySet())));
  }

  private static Stream<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP);
  }

  /** Why a model step does not run tonight, if it does not. */
  private Optional<String> notDue(Step step) {
    return switch (step) {
      case TRAIN_REPURCHASE, TRAIN_GMV, TRAIN_REPLENISHMENT ->
          step.model.whyNotTrain(spark, config, days.last());
      case SCORE_REPURCHASE, FORECAST_GMV, PLAN_REPLENISHMENT, SCORE_SELECTION ->
          step.model.whyNotScore(spark, config, days.last());
      case MAINTAIN ->
          config
              .maintenanceNight()
              .map(
                  night ->
                      night == days.last().getDayOfWeek()
                          ? null
                          : "maintenance runs on the nights of a "
                              + night.getDisplayName(TextStyle.FULL, Locale.ROOT))
              .or(() -> Optional.of("off (livecart.maintenance.night)"));
      default -> Optional.empty();
    };
  }

  /** What a step that ran has to say beyond its counts. */
  private String note(Step step) {
    if (step == Step.REPORT) {
      return report;
    }
    return Optional.ofNullable(trained.get(step)).map(Registry.Entry::reason).orElse(null);
  }

  /**
   * @param previous the run resumed, if any: of ingest, the passes landed since it last finished
   *     are not read again; of gold, the tables it built are not built again
   */
  private RunLedger.Outcome run(Step step, Optional<RunLedger.Previous> previous) {
    return switch (step) {
      case INGEST -> {
        ingest =
            Ingest.of(spark, config, days, runId)
                .resuming(previous.map(RunLedger.Previous::ingesting).orElse(Set.of()))
                .execute();
        if (command.equals(NIGHTLY)) {
          freshness = SourceFreshness.check(spark, config, days.last(), runId);
        }
        yield outcome(ingest.sources(), ingest.tables());
      }
      case SILVER -> {
        silver = Silver.of(spark, config, days, runId).execute();
        yield outcome(silver.sources(), silver.tables());
      }
      case GOLD -> {
        Set<String> built = previous.map(p -> p.built().get(step.label())).orElse(Set.of());
        gold = Gold.of(spark, config, days).execute(built);
        if (gold.complete()) {
          try {
            DataTests.run(spark, config, days.last(), Gold.names(), gold.days(), runId);
          } catch (LiveCartException e) {
            // Every table was built: a resumed run builds none again, and tests them again.
            testsFailed = e;
          }
        }
        // The tables an earlier run built stay built: recorded with this run's, so a run resuming
        // this one (after its data tests failed, say) builds them no more either.
        List<DeltaWrites.Written> tables = new ArrayList<>(gold.tables());
        built.forEach(
            name -> tables.add(DeltaWrites.lastCommit(spark, new Table(Table.GOLD, name), config)));
        yield new RunLedger.Outcome(
            null,
            gold.tables().stream().mapToLong(DeltaWrites.Written::rows).sum(),
            versions(tables));
      }
      case TRAIN_REPURCHASE, TRAIN_GMV, TRAIN_REPLENISHMENT -> {
        Registry.Trained model = step.model.train(spark, config, days.last(), runId);
        trained.put(step, model.entry());
        yield new RunLedger.Outcome(null, null, versions(List.of(model.registry())));
      }
      case SCORE_REPURCHASE, FORECAST_GMV, PLAN_REPLENISHMENT, SCORE_SELECTION -> {
        List<DeltaWrites.Written> tables = step.model.score(spark, config, days.last());
        yield new RunLedger.Outcome(null, tables.get(0).rows(), versions(tables));
      }
      case PUBLISH -> written(Publication.publish(spark, config, days.last(), runId));
      case MAINTAIN -> {
        List<Maintenance.Done> done = Maintenance.run(spark, config);
        yield new RunLedger.Outcome(
            null, done.stream().filter(d -> d.optimized() || d.vacuumed()).count(), Map.of());
      }
      case REPORT -> {
        Exports.Written exports = Exports.write(spark, config, days.last());
        report = PlannerReport.write(spark, config, days.last(), runId).toString();
        yield new RunLedger.Outcome(
            null, exports.rows().values().stream().mapToLong(Long::longValue).sum(), Map.of());
      }
    };
  }

  private static RunLedger.Outcome written(DeltaWrites.Written table) {
    return new RunLedger.Outcome(null, table.rows(), versions(List.of(table)));
  }

  private static RunLedger.Outcome outcome(
      List<Ledger.Counts> counts, List<DeltaWrites.Written> tables) {
    return new RunLedger.Outcome(
        counts.stream().mapToLong(Ledger.Counts::read).sum(),
        counts.stream().mapToLong(Ledger.Counts::accepted).sum(),
        versions(tables));
  }

  private static Map<String, Long> versions(List<DeltaWrites.Written> tables) {
    Map<String, Long> versions = new LinkedHashMap<>();
    tables.forEach(t -> versions.put(t.table().qualified(), t.version()));
    return versions;
  }
}
