package io.livecart.jobs.generate;

import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.DirtyKind;
import io.livecart.core.landing.Source;
import io.livecart.core.spark.Sessions;
import io.livecart.jobs.OutputFiles;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Generates a live-commerce world into the landing zone, one business day at a time, and the truth
 * behind it. Build with {@link #builder(LiveCartConfig)}, then {@link #execute()}.
 *
 * <p>Guarantees: the bytes of a day depend only on (seed, scale, world start, dirty rate, file
 * formats) and the day, never on the thread count or on which other days the call writes; a day
 * after the world's start is reached by simulating, without writing, the days before it, so nights
 * can be generated one call at a time. Rewriting a day replaces its files. Rows are streamed to
 * files: the driver holds the day's orders, never its viewing or interaction rows.
 */
public final class Generator {
  /**
   * How often a long run logs how far it got, as the days written so far; its last day logs the
   * whole run. (A line per day printed 191 lines for the README's 4-second run.)
   */
  private static final long PROGRESS_NANOS = 10_000_000_000L;

  private final LiveCartConfig config;
  private final Scale scale;
  private final long seed;
  private final LocalDate worldStart;
  private final LocalDate from;
  private final LocalDate to;
  private final double dirtyRate;
  private final Set<Source> csvSources;
  private final int threads;
  private final List<LocalDate> truthAsOf;

  private Generator(Builder builder) {
    this.config = builder.config;
    this.scale = builder.scale;
    this.seed = builder.seed;
    this.worldStart = builder.worldStart;
    this.from = builder.from != null ? builder.from : builder.worldStart;
    this.to = builder.to != null ? builder.to : this.from.plusDays(builder.scale.days() - 1L);
    this.dirtyRate = builder.dirtyRate;
    this.csvSources = EnumSet.noneOf(Source.class);
    if (builder.csv) {
      Arrays.stream(Source.values()).filter(Source::csvAllowed).forEach(csvSources::add);
    }
    this.threads = builder.threads;
    this.truthAsOf = builder.truthAsOf;
  }

  public static Builder builder(LiveCartConfig config) {
    return new Builder(config);
  }

  /** What a run wrote. */
  public record Result(
      LocalDate from,
      LocalDate to,
      Map<Source, Long> lines,
      Map<DirtyKind, Long> injected,
      double seconds) {
    public long totalLines() {
      return lines.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public Result execute() {
    if (from.isAfter(to)) {
      throw Errors.badDateRange(from, to);
    }
    if (from.isBefore(worldStart)) {
      throw Errors.beforeWorldStart(from, worldStart);
    }
    long started = System.nanoTime();
    Configuration hadoop = Sessions.hadoopConfiguration(config);
    FileSystem fs = OutputFiles.of(new Path(config.landing()), hadoop);
    Truth truth = new Truth(OutputFiles.of(new Path(config.truth()), hadoop), config.truth());
    truth.claim(
        String.format("seed=%d%nscale=%s%nworld_start=%s%n", seed, scale.label(), worldStart));

    World world = new World(seed, scale, worldStart);
    Catalog catalog = new Catalog(world);
    Inventory inventory = new Inventory(world);
    Commerce commerce = new Commerce(world, catalog);
    Audience audience = new Audience(world);
    Schedule schedule = new Schedule(world);
    BusinessTime time = new BusinessTime(config.timeZone());
    OrderBook orderBook = new OrderBook(time);
    Map<Source, Long> lines = new EnumMap<>(Source.class);
    Map<DirtyKind, Long> injected = new EnumMap<>(DirtyKind.class);
    DayWriter writer = new DayWriter(world, catalog, inventory, schedule, time);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long shown = started;
    try {
      for (int day = (int) worldStart.toEpochDay(); day <= to.toEpochDay(); day++) {
        List<Integer> repriced = catalog.advance(day);
        DayContext context =
            new DayContext(
                day, schedule.sessionsOn(day), world.rooms(), catalog.dayCumulative(day));
        List<Attempt> attempts = new ArrayList<>();
        for (List<Attempt> part :
            inParallel(
                pool,
                part -> commerce.attempts(context, first(part, world), first(part + 1, world)))) {
          attempts.addAll(part);
        }
        inventory.startDay(day);
        List<Attempt> orders = commerce.settle(context, attempts, inventory);
        orderBook.add(day, orders);
        inventory.endDay(day);
        List<OrderBook.Version> versions = orderBook.due(day);
        if (day < from.toEpochDay()) {
          continue;
        }
        try (LandingDay landing =
            new LandingDay(fs, config.landing(), context.date, csvSources, dirtyRate, seed)) {
          long[] paidVisits = new long[context.sessions.size()];
          Map<Integer, List<Attempt>> liveBuys = new HashMap<>();
          for (Attempt attempt : attempts) {
            if (attempt.session != null) {
              liveBuys.computeIfAbsent(attempt.user, u -> new ArrayList<>()).add(attempt);
            }
          }
          inParallel(
              pool,
              part -> {
                audience.write(
                    context,
                    first(part, world),
                    first(part + 1, world),
                    liveBuys,
                    time,
                    landing.writer(Source.VIEWING, part),
                    landing.writer(Source.INTERACTIONS, part),
                    paidVisits);
                return null;
              });
          writer.write(context, landing, versions, repriced, paidVisits);
          landing.lines().forEach((source, n) -> lines.merge(source, n, Long::sum));
          Map<Source, Map<DirtyKind, Long>> manifest = landing.manifest();
          manifest
              .values()
              .forEach(kinds -> kinds.forEach((kind, n) -> injected.merge(kind, n, Long::sum)));
          truth.manifest(context.date, manifest);
          truth.demand(context.date, inventory);
          if (day == to.toEpochDay() || System.nanoTime() - shown >= PROGRESS_NANOS) {
            Steps.log(
                "generate " + Steps.days(new TreeSet<>(List.of(from, context.date))),
                lines.values().stream().mapToLong(Long::longValue).sum(),
                started);
            shown = System.nanoTime();
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    truth.users(world);
    for (LocalDate asOf : asOfDates()) {
      truth.repurchase(world, asOf);
    }
    return new Result(from, to, lines, injected, (System.nanoTime() - started) / 1e9);
  }

  /**
   * The as-of dates of the repurchase truth: as given, or each month's end in range and the last
   * day.
   */
  private List<LocalDate> asOfDates() {
    if (!truthAsOf.isEmpty()) {
      return truthAsOf;
    }
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (YearMonth month = YearMonth.from(from);
        !month.atDay(1).isAfter(to);
        month = month.plusMonths(1)) {
      LocalDate end = month.atEndOfMonth();
      if (!end.isBefore(from) && !end.isAfter(to)) {
        dates.add(end);
      }
    }
    dates.add(to);
    return List.copyOf(dates);
  }

  private int first(int part, World world) {
    return (int) ((long) world.users() * part / scale.parts());
  }

  private interface PartTask<T> {
    T run(int part) throws Exception;
  }

  private <T> List<T> inParallel(ExecutorService pool, PartTask<T> task) {
    List<Callable<T>> calls = new ArrayList<>();
    for (int part = 0; part < scale.parts(); part++) {
      int p = part;
      calls.add(() -> task.run(p));
    }
    List<T> results = new ArrayList<>();
    try {
      for (Future<T> future : pool.invokeAll(calls)) {
        results.add(future.get());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("generation interrupted", e);
    }
    return results;
  }

  /** Options of a generation; every one has a default. */
  public static final class Builder {
    private final LiveCartConfig config;
    private Scale scale = Scale.TINY;
    private long seed = 42;
    private LocalDate worldStart = LocalDate.of(2025, 1, 1);
    private LocalDate from;
    private LocalDate to;
    private double dirtyRate;
    private boolean csv = true;
    private int threads = Runtime.getRuntime().availableProcessors();
    private List<LocalDate> truthAsOf = List.of();

    private Builder(LiveCartConfig config) {
      this.config = config;
    }

    public Builder scale(Scale value) {
      this.scale = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** The world's first day (default 2025-01-01); changing it changes every day. */
    public Builder worldStart(LocalDate value) {
      this.worldStart = value;
      return this;
    }

    /** First day written (default: the world's start). */
    public Builder from(LocalDate value) {
      this.from = value;
      return this;
    }

    /** Last day written (default: the scale's number of days from {@code from}). */
    public Builder to(LocalDate value) {
      this.to = value;
      return this;
    }

    /** Share of rows followed by an injected bad row (0 = clean, the default). */
    public Builder dirtyRate(double value) {
      if (!(value >= 0 && value <= 0.5)) {
        throw Errors.badOption("--dirty", String.valueOf(value), "a rate from 0 to 0.5");
      }
      this.dirtyRate = value;
      return this;
    }

    /** Orders and products as CSV (true, the default) or as JSON Lines. */
    public Builder csvExports(boolean value) {
      this.csv = value;
      return this;
    }

    public Builder threads(int value) {
      if (value < 1) {
        throw Errors.badOption("--threads", String.valueOf(value), "a whole number of at least 1");
      }
      this.threads = value;
      return this;
    }

    public Builder truthAsOf(List<LocalDate> value) {
      this.truthAsOf = List.copyOf(value);
      return this;
    }

    public Generator build() {
      return new Generator(this);
    }
  }
}
