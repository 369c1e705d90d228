package io.livecart.models.replenishment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.livecart.models.registry.Registry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The policy backtest of replenishment's training: the last {@code replenishment_backtest_days}
 * replayed ({@link Replay}) cell by cell with our policy and with naive ones, summed into the
 * registry's metrics, and the promotion they decide. What every replay of one backtest shares: the
 * cells' history, the calendar and lead times fitted before the replay, the lead times it replays,
 * its first day and the first it measures (indexes into the window).
 */
record PolicyBacktest(
    Dataset<Row> history,
    ReplenishmentHistory.Span window,
    DemandCalendar calendar,
    LeadTimes leadTimes,
    LeadTimes replayed,
    int from,
    int measureFrom) {
  /** Naive policies replayed: order up to this many weeks of average sales. */
  private static final int[] NAIVE_WEEKS = {1, 2, 3, 4, 6, 8};

  /** A fill rate this close to the target counts as reaching it. */
  private static final double FILL_RATE_TOLERANCE = 0.015;

  private static final String[] TOTALS = {
    "demand", "served", "inventory_units", "inventory_value", "stockout_days", "orders"
  };

  /**
   * TSB's smoothing fitted ({@link DemandModel#choose}) on the {@code replenishment_backtest_days}
   * before the measured ones, against the sales of the weeks that kept stock: what the replay then
   * measures was not seen by the fit. {@code settings}' constants when those weeks had no demand,
   * or when {@code replenishment_fit_smoothing} is 0.
   */
  DemandModel.Smoothing fitSmoothing(ReplenishmentSettings settings) {
    LocalDate first = window.first();
    int days = window.days();
    DemandCalendar fitted = calendar;
    int measured = measureFrom;
    return settings.smoothing(
        () ->
            history
                .toJavaRDD()
                .map(row -> settings.fitErrors(CellHistory.of(row, first, days), fitted, measured))
                .fold(new double[DemandModel.FIT_ERRORS], DemandModel::add));
  }

  /** The replay's metrics with the policy and demand model of {@code settings}. */
  Map<String, Double> metrics(ReplenishmentSettings settings) {
    DemandModel model = new DemandModel(settings.alpha(), settings.beta(), calendar);
    ReorderPolicy policy = settings.policy(leadTimes);
    int[] weeks = naiveWeeks(settings.naiveWeeks());
    long seed = settings.seed();
    int last = window.last();
    LocalDate first = window.first();
    int days = window.days();
    LeadTimes delivered = replayed;
    int start = from;
    int measured = measureFrom;
    StructType schema = backtestSchema(weeks);
    Column[] sums = sumsOf(schema);
    List<Row> byClass =
        history
            .flatMap(
                (FlatMapFunction<Row, Row>)
                    row ->
                        backtest(
                            CellHistory.of(row, first, days),
                            model,
                            policy,
                            delivered,
                            weeks,
                            start,
                            measured,
                            last,
                            seed),
                Encoders.row(schema))
            .groupBy(KEYS[0], Arrays.copyOfRange(KEYS, 1, KEYS.length))
            .agg(sums[0], Arrays.copyOfRange(sums, 1, sums.length))
            .collectAsList();
    return PolicyBacktest.metrics(byClass, schema, weeks, settings);
  }

  /**
   * The backtest of one cell: the policy replays and the forecast errors, as one row of {@link
   * #backtestSchema}; none for a cell that is not planned (no lead time) or starts after the
   * replay.
   */
  private static Iterator<Row> backtest(
      CellHistory cell,
      DemandModel model,
      ReorderPolicy policy,
      LeadTimes deliveries,
      int[] weeks,
      int from,
      int measureFrom,
      int last,
      long seed) {
    if (cell.leadTimeDays() == null || cell.start() >= from) {
      return Collections.emptyIterator();
    }
    long[] demand = model.replayDemand(cell, false);
    List<Object> values = new ArrayList<>();
    values.add(cell.abcClass() == null ? "?" : cell.abcClass());
    values.add(DemandModel.demandClass(cell, from - 1));
    values.add(leadTimeBand(cell.leadTimeDays()));
    values.add(1.0);
    Function<Replay.Orderer, Replay.Totals> replay =
        orderer -> Replay.run(cell, demand, from, measureFrom, last, orderer, deliveries, seed);
    addTotals(
        values, replay.apply(Replay.planned(cell, model, policy, model.learn(cell, from - 1))));
    for (int w : weeks) {
      addTotals(values, replay.apply(Replay.naive(cell, w, from)));
    }
    // the evaluation against the generator's true demand, where it is known: decides nothing
    addTotals(values, actual(cell, measureFrom, last));
    boolean truth =
        IntStream.rangeClosed(measureFrom, last)
            .anyMatch(d -> cell.trueDemand()[d] != CellHistory.UNKNOWN);
    addTotals(
        values,
        truth
            ? Replay.run(
                cell,
                model.replayDemand(cell, true),
                from,
                measureFrom,
                last,
                Replay.planned(cell, model, policy, model.learn(cell, from - 1)),
                deliveries,
                seed)
            : Replay.Totals.ZERO);
    for (boolean against : new boolean[] {false, true}) {
      for (double e : model.errors(cell, measureFrom, last, against)) {
        values.add(e);
      }
    }
    return List.of(RowFactory.create(values.toArray())).iterator();
  }

  /** What the history itself did over the measured days (true demand needed: else zeros). */
  private static Replay.Totals actual(CellHistory cell, int measureFrom, int last) {
    double demand = 0;
    double served = 0;
    double inventory = 0;
    long stockoutDays = 0;
    long days = 0;
    for (int d = measureFrom; d <= last; d++) {
      long wanted = cell.trueDemand()[d];
      if (wanted == CellHistory.UNKNOWN || cell.onHand()[d] == CellHistory.UNKNOWN) {
        continue;
      }
      long sold = Math.min(wanted, cell.units()[d]);
      demand += wanted;
      served += sold;
      inventory += cell.onHand()[d];
      stockoutDays += sold < wanted ? 1 : 0;
      days++;
    }
    double cost = cell.unitCost() == null ? 0 : cell.unitCost();
    return new Replay.Totals(demand, served, inventory, inventory * cost, stockoutDays, days, 0);
  }

  /** The lead-time bands fill rates are reported by, by the promised lead time. */
  static String leadTimeBand(int promisedDays) {
    if (promisedDays <= 3) {
      return "1-3d";
    }
    if (promisedDays <= 7) {
      return "4-7d";
    }
    return promisedDays <= 14 ? "8-14d" : "15d+";
  }

  private static void addTotals(List<Object> values, Replay.Totals t) {
    values.add(t.demand());
    values.add(t.served());
    values.add(t.inventoryUnits());
    values.add(t.inventoryValue());
    values.add((double) t.stockoutDays());
    values.add((double) t.orders());
  }

  /** The replay's rows are summed by these: fill rates are reported by each. */
  private static final String[] KEYS = {"abc_class", "demand_class", "lead_time_band"};

  /**
   * How each key's fill rates are named: policy.fill_rate.A, .demand_class.smooth, .lead_time.4-7d.
   */
  private static final String[] BY = {"", "demand_class.", "lead_time."};

  /**
   * The forecast errors' prefixes: against the sales of weeks that ended every day with stock
   * (their demand), which a promotion reads, and against the generator's true demand, an
   * evaluation.
   */
  private static final String[] FORECAST_EVALUATIONS = {"forecast.", "truth.forecast."};

  private static String[] policies(int[] weeks) {
    String[] out = new String[weeks.length + 3];
    out[0] = "policy";
    for (int i = 0; i < weeks.length; i++) {
      out[i + 1] = "naive_" + weeks[i] + "w";
    }
    out[out.length - 2] = "actual";
    out[out.length - 1] = "truth_policy";
    return out;
  }

  private static StructType backtestSchema(int[] weeks) {
    StructType schema =
        new StructType()
            .add("abc_class", DataTypes.StringType, false)
            .add("demand_class", DataTypes.StringType, false)
            .add("lead_time_band", DataTypes.StringType, false)
            .add("cells", DataTypes.DoubleType, false);
    for (String p : policies(weeks)) {
      for (String t : TOTALS) {
        schema = schema.add(p + "." + t, DataTypes.DoubleType, false);
      }
    }
    for (String against : FORECAST_EVALUATIONS) {
      schema = schema.add(against + "demand", DataTypes.DoubleType, false);
      for (DemandModel.Forecaster f : DemandModel.Forecaster.values()) {
        schema =
            schema
                .add(against + f.label() + ".absolute_error", DataTypes.DoubleType, false)
                .add(against + f.label() + ".error", DataTypes.DoubleType, false);
      }
    }
    return schema;
  }

  private static Column[] sumsOf(StructType schema) {
    return Arrays.stream(schema.fieldNames())
        .skip(KEYS.length)
        .map(name -> sum(col("`" + name + "`")).alias(name))
        .toArray(Column[]::new);
  }

  /** The registry metrics of the summed backtest. */
  private static Map<String, Double> metrics(
      List<Row> sums, StructType schema, int[] weeks, ReplenishmentSettings settings) {
    Map<String, Double> raw = new LinkedHashMap<>();
    Map<String, Double> metrics = new LinkedHashMap<>();
    double targetDemand = 0;
    double targetWeighted = 0;
    ReorderPolicy targets = settings.policy(LeadTimes.ON_TIME);
    // per key column and value: the policy's demand and what it served
    Map<String, double[]> groups = new TreeMap<>();
    for (Row group : sums) {
      for (int i = KEYS.length; i < schema.size(); i++) {
        raw.merge(
            schema.fieldNames()[i], group.isNullAt(i) ? 0.0 : group.getDouble(i), Double::sum);
      }
      double demand = group.getDouble(group.fieldIndex("policy.demand"));
      double served = group.getDouble(group.fieldIndex("policy.served"));
      for (int k = 0; k < KEYS.length; k++) {
        double[] totals = groups.computeIfAbsent(BY[k] + group.getString(k), key -> new double[2]);
        totals[0] += demand;
        totals[1] += served;
      }
      targetDemand += demand;
      targetWeighted += demand * targets.fillRate(group.getString(0));
    }
    groups.forEach(
        (key, totals) -> {
          if (totals[0] > 0) {
            metrics.put("policy.fill_rate." + key, totals[1] / totals[0]);
          }
        });
    if (targetDemand > 0) {
      // the classes' targets weighed by their demand: what the fill rate as a whole aims at
      metrics.put("policy.fill_rate_target", targetWeighted / targetDemand);
    }
    for (String field : schema.fieldNames()) {
      raw.putIfAbsent(field, 0.0);
    }
    metrics.put("cells", raw.get("cells"));
    for (String p : policies(weeks)) {
      double demand = raw.get(p + ".demand");
      if (demand <= 0) {
        continue;
      }
      metrics.put(p + ".fill_rate", raw.get(p + ".served") / demand);
      metrics.put(
          p + ".avg_inventory_units", raw.get(p + ".inventory_units") / settings.backtestDays());
      metrics.put(
          p + ".avg_inventory_value", raw.get(p + ".inventory_value") / settings.backtestDays());
      metrics.put(p + ".stockout_days", raw.get(p + ".stockout_days"));
      if (!p.equals("actual")) {
        metrics.put(p + ".orders", raw.get(p + ".orders"));
      }
    }
    Double fill = metrics.get("policy.fill_rate");
    if (fill != null) {
      double naive = naiveInventoryAt(metrics, weeks, fill);
      if (!Double.isNaN(naive)) {
        metrics.put("naive.avg_inventory_units_at_policy_fill_rate", naive);
        metrics.put(
            "policy.inventory_saving", 1 - metrics.get("policy.avg_inventory_units") / naive);
      }
    }
    for (String against : FORECAST_EVALUATIONS) {
      double demand = raw.get(against + "demand");
      if (demand > 0) {
        for (DemandModel.Forecaster f : DemandModel.Forecaster.values()) {
          String errors = against + f.label();
          metrics.put(against + f.label() + ".wape", raw.get(errors + ".absolute_error") / demand);
          metrics.put(against + f.label() + ".bias", raw.get(errors + ".error") / demand);
        }
      }
    }
    return metrics;
  }

  /**
   * The average inventory a naive policy would hold at {@code fillRate}: interpolated between the
   * two naive policies whose fill rates surround it; NaN when none reaches it.
   */
  static double naiveInventoryAt(Map<String, Double> metrics, int[] weeks, double fillRate) {
    double[][] points = new double[weeks.length][];
    for (int i = 0; i < weeks.length; i++) {
      String p = "naive_" + weeks[i] + "w";
      points[i] =
          new double[] {
            metrics.getOrDefault(p + ".fill_rate", Double.NaN),
            metrics.getOrDefault(p + ".avg_inventory_units", Double.NaN)
          };
    }
    Arrays.sort(points, (a, b) -> Double.compare(a[0], b[0]));
    for (int i = 1; i < points.length; i++) {
      double[] low = points[i - 1];
      double[] high = points[i];
      if (low[0] <= fillRate && fillRate <= high[0]) {
        double t = high[0] > low[0] ? (fillRate - low[0]) / (high[0] - low[0]) : 0;
        return low[1] + t * (high[1] - low[1]);
      }
    }
    return Double.NaN;
  }

  /**
   * Why the policy is or is not promoted: it must reach the fill rate target, hold less stock than
   * the champion replayed with its settings when that reaches the target too, less than the naive
   * policy at the same fill rate, and forecast the demand of the weeks that kept stock better than
   * the moving average. The generator's true demand ({@code truth.*}, {@code actual.*}) is not
   * read: an evaluation decides nothing that is published.
   */
  static Registry.Promotion promotion(
      Map<String, Double> metrics,
      double target,
      int naiveWeeks,
      Optional<Registry.Champion> champion) {
    Double fill = metrics.get("policy.fill_rate");
    if (fill == null) {
      return Registry.Promotion.rejected("no demand in the replay");
    }
    if (fill < target - FILL_RATE_TOLERANCE) {
      return Registry.Promotion.rejected(
          String.format(
              Locale.ROOT,
              "fill rate %.4f misses the target %.2f by more than %.1f points",
              fill,
              target,
              FILL_RATE_TOLERANCE * 100));
    }
    Double championFill = metrics.get("champion.fill_rate");
    Double championStock = metrics.get("champion.avg_inventory_units");
    double stock = metrics.get("policy.avg_inventory_units");
    if (championFill != null
        && championFill >= target - FILL_RATE_TOLERANCE
        && championStock <= stock) {
      return Registry.Promotion.rejected(
          String.format(
              Locale.ROOT,
              "the champion %s reaches the target too (fill rate %.4f) with no more stock (%.0f"
                  + " units against %.0f)",
              champion.orElseThrow().describe(),
              championFill,
              championStock,
              stock));
    }
    Double saving = metrics.get("policy.inventory_saving");
    if (saving == null || saving <= 0) {
      return Registry.Promotion.rejected(
          String.format(
              Locale.ROOT,
              "at fill rate %.4f it holds %.0f units on average, no less than the naive policy at"
                  + " the same fill rate (%s)",
              fill,
              metrics.get("policy.avg_inventory_units"),
              saving == null
                  ? "no naive policy reaches it"
                  : String.format(
                      Locale.ROOT,
                      "%.0f",
                      metrics.get("naive.avg_inventory_units_at_policy_fill_rate"))));
    }
    Double model = metrics.get("forecast.model.wape");
    Double average = metrics.get("forecast.moving_average.wape");
    if (model != null && model >= average) {
      return Registry.Promotion.rejected(
          String.format(
              Locale.ROOT,
              "7-day demand WAPE %.4f does not beat the moving average (%.4f)",
              model,
              average));
    }
    String naive = "naive_" + naiveWeeks + "w";
    return Registry.Promotion.promoted(
        String.format(
                Locale.ROOT,
                "fill rate %.4f (target %.2f) with %.1f%% less stock than the naive policy at that fill"
                    + " rate; the %d-week naive policy: fill rate %.4f, %.0f units%s",
                fill,
                target,
                saving * 100,
                naiveWeeks,
                metrics.getOrDefault(naive + ".fill_rate", Double.NaN),
                metrics.getOrDefault(naive + ".avg_inventory_units", Double.NaN),
                model == null
                    ? ""
                    : String.format(
                        Locale.ROOT,
                        "; 7-day demand WAPE %.4f over the weeks in stock (moving average %.4f)",
                        model,
                        average))
            + champion
                .map(
                    c ->
                        championFill == null
                            ? "; the champion " + c.describe()
                            : String.format(
                                Locale.ROOT,
                                "; the champion %s: fill rate %.4f, %.0f units",
                                c.describe(),
                                championFill,
                                championStock))
                .orElse(""));
  }

  static int[] naiveWeeks(int configured) {
    return Arrays.stream(NAIVE_WEEKS).anyMatch(w -> w == configured)
        ? NAIVE_WEEKS.clone()
        : IntStream.concat(Arrays.stream(NAIVE_WEEKS), IntStream.of(configured)).sorted().toArray();
  }
}
