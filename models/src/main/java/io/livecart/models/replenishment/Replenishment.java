package io.livecart.models.replenishment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.SqlTemplate;
import io.livecart.core.warehouse.Table;
import io.livecart.models.registry.Registry;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Replenishment (补货, docs/contract.md): per SKU and warehouse, daily unit demand over lead time
 * plus review period, and the reorder plan that follows from it.
 *
 * <p>Demand: sales of the warehouse's provinces ({@code livecart.models.warehouses}), learnt only
 * on days that ended with stock (an empty shelf hides demand), by TSB smoothing ({@link Tsb}, fit
 * for the intermittent SKUs that most of a catalogue is) of sales divided by a weekday and festival
 * calendar learnt from all SKUs ({@link DemandCalendar}). The plan ({@link ReorderPolicy}): safety
 * stock for the ABC class's target fill rate, reorder point, order-up-to level, the order rounded
 * to case pack and MOQ, the projected stock-out date and its flag.
 *
 * <p>Training is a backtest, since the model's state is refitted from the history every night: the
 * last {@code replenishment_backtest_days} are replayed ({@link Replay}) with our policy and with
 * naive ones (order up to N weeks of average sales, for several N), against the sales, raised on
 * empty-shelf days to the forecast. The model is promoted when its fill rate is within 1.5 points
 * of the target and it holds less stock than the naive policy reaching the same fill rate, and when
 * its 7-day demand forecasts beat the moving average's over the weeks that kept stock. Where the
 * truth folder has the generator's true demand, the policy is also replayed against it and the
 * forecasts measured against it ({@code truth_policy.*}, {@code truth.forecast.*}, {@code
 * actual.*}): an evaluation for tests and benches, which decides nothing. Without a champion the
 * plan is the naive policy's.
 */
public final class Replenishment {
  public static final String NAME = "replenishment";

  /** Per as-of date, SKU and warehouse: demand, safety stock, reorder point and order. */
  public static final Table PLAN = new Table(Table.ML, "replenishment_plan");

  /** The stock on hand the policy is replayed against. */
  private static final String INVENTORY = Table.silver(Source.INVENTORY).qualified();

  /** Naive policies replayed: order up to this many weeks of average sales. */
  private static final int[] NAIVE_WEEKS = {1, 2, 3, 4, 6, 8};

  /** A fill rate this close to the target counts as reaching it. */
  private static final double FILL_RATE_TOLERANCE = 0.015;

  private static final String[] TOTALS = {
    "demand", "served", "inventory_units", "inventory_value", "stockout_days", "orders"
  };

  private static final StructType TRUTH_SCHEMA =
      new StructType()
          .add("sku_id", DataTypes.StringType)
          .add("warehouse_id", DataTypes.StringType)
          .add("day", DataTypes.DateType)
          .add("demand_units", DataTypes.LongType);

  private static final StructType EVIDENCE_SCHEMA =
      new StructType()
          .add("sales", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("base", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  private static final StructType PLAN_SCHEMA =
      new StructType()
          .add("as_of_date", DataTypes.DateType, false)
          .add("sku_id", DataTypes.StringType, false)
          .add("warehouse_id", DataTypes.StringType, false)
          .add("name", DataTypes.StringType, true)
          .add("category_l1", DataTypes.StringType, true)
          .add("abc_class", DataTypes.StringType, true)
          .add("demand_class", DataTypes.StringType, false)
          .add("lead_time_days", DataTypes.IntegerType, false)
          .add("expected_lead_time_days", DataTypes.IntegerType, false)
          .add("order_cycle_days", DataTypes.IntegerType, false)
          .add("daily_forecast", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("demand_protection", DataTypes.DoubleType, false)
          .add("demand_sd", DataTypes.DoubleType, true)
          .add("fill_rate_target", DataTypes.DoubleType, false)
          .add("safety_stock", DataTypes.DoubleType, false)
          .add("reorder_point", DataTypes.DoubleType, false)
          .add("order_up_to", DataTypes.DoubleType, false)
          .add("on_hand", DataTypes.LongType, true)
          .add("on_order", DataTypes.LongType, true)
          .add("inventory_position", DataTypes.LongType, true)
          .add("order_qty", DataTypes.LongType, true)
          .add("case_pack", DataTypes.IntegerType, false)
          .add("moq", DataTypes.IntegerType, false)
          .add("order_value", DataTypes.createDecimalType(18, 2), true)
          .add("days_of_cover", DataTypes.DoubleType, true)
          .add("projected_stockout_date", DataTypes.DateType, true)
          .add("stockout_risk", DataTypes.BooleanType, true)
          .add("policy", DataTypes.StringType, false)
          .add("model_version", DataTypes.StringType, false);

  private Replenishment() {}

  /**
   * The model's parameters ({@code livecart.models.parameters.replenishment_*}), and the days of
   * the stock-out warning (gold's {@code stockout_warning_hours}, the alerts' definition). A
   * version records the parameters in its registry row under the same keys ({@link #parameters()}),
   * and plans with those it recorded, whatever the configuration says later.
   */
  record Settings(
      int historyDays,
      double alpha,
      double beta,
      int cycleDays,
      double fillRateA,
      double fillRateB,
      double fillRateC,
      int backtestDays,
      int warmupDays,
      int naiveWeeks,
      int warningDays,
      long seed) {
    static Settings of(LiveCartConfig config) {
      return of(config, Map.of());
    }

    /**
     * The parameters {@code recorded} in a version's registry row; tonight's configuration for a
     * parameter it does not record (a version registered before it was recorded).
     */
    static Settings of(LiveCartConfig config, Map<String, String> recorded) {
      Function<String, Number> value = Registry.parameters(config, recorded);
      Number warningHours = config.goldParameters().get("stockout_warning_hours");
      return new Settings(
          value.apply("replenishment_history_days").intValue(),
          value.apply("replenishment_alpha").doubleValue(),
          value.apply("replenishment_beta").doubleValue(),
          value.apply("replenishment_order_cycle_days").intValue(),
          value.apply("replenishment_fill_rate_a").doubleValue(),
          value.apply("replenishment_fill_rate_b").doubleValue(),
          value.apply("replenishment_fill_rate_c").doubleValue(),
          value.apply("replenishment_backtest_days").intValue(),
          value.apply("replenishment_warmup_days").intValue(),
          value.apply("replenishment_naive_weeks").intValue(),
          warningHours == null ? 3 : (int) Math.ceil(warningHours.doubleValue() / 24),
          value.apply("seed").longValue());
    }

    /** Every parameter under its configuration key, as a version's registry row holds it. */
    Map<String, String> parameters() {
      Map<String, String> out = new LinkedHashMap<>();
      out.put("replenishment_history_days", Integer.toString(historyDays));
      out.put("replenishment_alpha", Double.toString(alpha));
      out.put("replenishment_beta", Double.toString(beta));
      out.put("replenishment_order_cycle_days", Integer.toString(cycleDays));
      out.put("replenishment_fill_rate_a", Double.toString(fillRateA));
      out.put("replenishment_fill_rate_b", Double.toString(fillRateB));
      out.put("replenishment_fill_rate_c", Double.toString(fillRateC));
      out.put("replenishment_backtest_days", Integer.toString(backtestDays));
      out.put("replenishment_warmup_days", Integer.toString(warmupDays));
      out.put("replenishment_naive_weeks", Integer.toString(naiveWeeks));
      out.put("seed", Long.toString(seed));
      return out;
    }

    /**
     * This policy and demand model, replayed as {@code tonight} replays: its history, replay,
     * warm-up and naive policy, so that a champion replayed with its own settings is measured on
     * the same days and against the same yardstick as tonight's.
     */
    Settings measuredAs(Settings tonight) {
      return new Settings(
          tonight.historyDays,
          alpha,
          beta,
          cycleDays,
          fillRateA,
          fillRateB,
          fillRateC,
          tonight.backtestDays,
          tonight.warmupDays,
          tonight.naiveWeeks,
          tonight.warningDays,
          seed);
    }

    ReorderPolicy policy(LeadTimes leadTimes) {
      return new ReorderPolicy(cycleDays, fillRateA, fillRateB, fillRateC, leadTimes);
    }

    /** Days before the run date a backtest needs: the replay, its warm-up, the calendar's base. */
    int backtestHistory() {
      return backtestDays + warmupDays + DemandCalendar.BASE_DAYS;
    }
  }

  /** The days a night reads: {@code historyDays} up to {@code asOf}. */
  private record Span(LocalDate first, int days) {
    static Span of(Settings settings, LocalDate asOf) {
      return new Span(asOf.minusDays(settings.historyDays() - 1), settings.historyDays());
    }

    int last() {
      return days - 1;
    }
  }

  /** Why a night should not train (backtest) the model, if it should not. */
  public static Optional<String> whyNotTrain(
      SparkSession spark, LiveCartConfig config, LocalDate runDate) {
    Settings settings = Settings.of(config);
    LocalDate needed = runDate.minusDays(settings.backtestHistory());
    Optional<String> history =
        Registry.whyNotTrain(
            spark,
            config,
            NAME,
            runDate,
            needed,
            "a policy replay of " + settings.backtestDays() + " days");
    if (history.isPresent()) {
      return history;
    }
    boolean stocked =
        Table.silver(Source.INVENTORY)
            .read(spark, config)
            .map(
                snapshots ->
                    !snapshots
                        .where(
                            String.format(
                                "snapshot_date BETWEEN %s AND %s",
                                SqlDates.literal(needed), SqlDates.literal(runDate)))
                        .isEmpty())
            .orElse(false);
    return stocked
        ? Optional.empty()
        : Optional.of(
            String.format(
                "no inventory snapshots from %s to %s (%s): a policy is replayed against the stock"
                    + " on hand of each SKU and warehouse",
                needed, runDate, INVENTORY));
  }

  /** Backtests the policy as of {@code runDate}, records it and promotes it if it earns it. */
  public static Registry.Trained train(
      SparkSession spark, LiveCartConfig config, LocalDate runDate, String runId) {
    long start = System.nanoTime();
    Settings settings = Settings.of(config);
    Span window = Span.of(settings, runDate);
    int measureFrom = window.days() - settings.backtestDays();
    int from = measureFrom - settings.warmupDays();
    if (from <= DemandCalendar.BASE_DAYS) {
      throw Errors.notEnoughHistory(
          NAME,
          String.format(
              "replenishment_history_days (%d) must exceed the replay (%d days), its warm-up (%d)"
                  + " and the calendar's base (%d)",
              settings.historyDays(),
              settings.backtestDays(),
              settings.warmupDays(),
              DemandCalendar.BASE_DAYS));
    }
    LocalDate replayStart = window.first().plusDays(from);
    Dataset<Row> history = history(spark, config, window, runDate).cache();
    try {
      double[][] evidence = evidence(history, window);
      DemandCalendar calendar =
          DemandCalendar.fit(window.first(), evidence[0], evidence[1], from - 1);
      LeadTimes leadTimes = leadTimes(spark, window, window.first(), replayStart.minusDays(1));
      LeadTimes delivered = leadTimes(spark, window, replayStart, runDate);
      LeadTimes replayed = delivered.count() + delivered.openCount() > 0 ? delivered : leadTimes;
      BacktestInputs inputs =
          new BacktestInputs(history, window, calendar, leadTimes, replayed, from, measureFrom);
      Map<String, Double> metrics = inputs.metrics(settings);
      String version = Registry.version(NAME, runDate);
      Optional<Registry.Champion> champion =
          Registry.champion(spark, config, NAME, runDate, version)
              .map(row -> champion(config, row, inputs, settings));
      champion.ifPresent(c -> metrics.putAll(c.metrics()));
      metrics.put("unrouted_units", unrouted(spark, config, window, runDate));
      Registry.Promotion promotion =
          promotion(
              metrics,
              metrics.getOrDefault("policy.fill_rate_target", settings.fillRateB()),
              settings.naiveWeeks(),
              champion);
      LocalDate first = window.first();
      Map<String, String> parameters = new LinkedHashMap<>();
      parameters.put(
          "algorithm",
          "TSB on in-stock days x weekday and festival calendar; fill-rate safety stock;"
              + " reorder point and order-up-to with case pack and MOQ");
      parameters.putAll(settings.parameters());
      parameters.put("calendar", calendar.toString());
      parameters.put("lead_time_ratio", describe(leadTimes));
      parameters.put(
          "replay_lead_time_ratio",
          replayed == delivered ? describe(delivered) : "as planned: no order in the replay");
      parameters.put("replay", replayStart + ".." + runDate);
      parameters.put("measured_from", first.plusDays(measureFrom).toString());
      parameters.put(
          "naive_weeks",
          Arrays.stream(naiveWeeks(settings.naiveWeeks()))
              .mapToObj(Integer::toString)
              .collect(Collectors.joining(",")));
      champion.ifPresent(c -> parameters.put("champion", c.describe()));
      Registry.Entry entry =
          new Registry.Entry(
              NAME,
              version,
              runId,
              runDate,
              first,
              runDate,
              replayStart,
              first.plusDays(measureFrom),
              parameters,
              metrics,
              List.of(),
              "(none: refitted from the history every night)",
              promotion);
      Registry.Trained trained = Registry.record(spark, config, entry);
      Steps.log("replenishment backtest " + runDate + " (" + promotion.reason() + ")", 0, start);
      return trained;
    } finally {
      history.unpersist();
    }
  }

  /**
   * What every replay of one backtest shares: the cells' history, the calendar and lead times
   * fitted before the replay, the lead times it replays, its first day and the first it measures
   * (indexes into the window).
   */
  private record BacktestInputs(
      Dataset<Row> history,
      Span window,
      DemandCalendar calendar,
      LeadTimes leadTimes,
      LeadTimes replayed,
      int from,
      int measureFrom) {
    /** The replay's metrics with the policy and demand model of {@code settings}. */
    Map<String, Double> metrics(Settings settings) {
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
      return Replenishment.metrics(byClass, schema, weeks, settings);
    }
  }

  /**
   * The champion, replayed with its settings on tonight's backtest: its fill rate and average stock
   * as {@code champion.fill_rate} and {@code champion.avg_inventory_units}.
   */
  private static Registry.Champion champion(
      LiveCartConfig config, Row champion, BacktestInputs inputs, Settings tonight) {
    Settings its =
        Settings.of(config, champion.getJavaMap(champion.fieldIndex("parameters")))
            .measuredAs(tonight);
    return Registry.Champion.refitted(
        champion.getAs("version"),
        its.parameters(),
        tonight.parameters(),
        () -> {
          Map<String, Double> replayed = inputs.metrics(its);
          Map<String, Double> metrics = new LinkedHashMap<>();
          for (String metric : List.of("fill_rate", "avg_inventory_units")) {
            Double value = replayed.get("policy." + metric);
            if (value != null) {
              metrics.put("champion." + metric, value);
            }
          }
          return metrics;
        });
  }

  /**
   * Plans every SKU and warehouse as of {@code asOf} with the champion's policy (or, before one is
   * promoted, the naive policy) and replaces the date's partition of {@code ml.replenishment_plan}.
   */
  public static DeltaWrites.Written plan(
      SparkSession spark, LiveCartConfig config, LocalDate asOf) {
    long start = System.nanoTime();
    Optional<Row> champion = Registry.champion(spark, config, NAME, asOf, "");
    Row version =
        champion
            .or(() -> Registry.latest(spark, config, NAME, asOf))
            .orElseThrow(() -> Errors.noChampion(NAME));
    String modelVersion = version.getAs("version");
    boolean planned = champion.isPresent();
    Settings settings = Settings.of(config, version.getJavaMap(version.fieldIndex("parameters")));
    Span window = Span.of(settings, asOf);
    Dataset<Row> history = history(spark, config, window, asOf).cache();
    try {
      double[][] evidence = evidence(history, window);
      DemandCalendar calendar =
          DemandCalendar.fit(window.first(), evidence[0], evidence[1], window.last());
      DemandModel model = new DemandModel(settings.alpha(), settings.beta(), calendar);
      ReorderPolicy policy = settings.policy(leadTimes(spark, window, window.first(), asOf));
      LocalDate first = window.first();
      int days = window.days();
      int naiveWeeks = settings.naiveWeeks();
      int warningDays = settings.warningDays();
      Dataset<Row> rows =
          history.flatMap(
              (FlatMapFunction<Row, Row>)
                  row ->
                      planRow(
                              CellHistory.of(row, first, days),
                              model,
                              policy,
                              planned ? 0 : naiveWeeks,
                              warningDays,
                              modelVersion)
                          .iterator(),
              Encoders.row(PLAN_SCHEMA));
      Dataset<Row> ranked =
          rows.withColumn(
              "urgency",
              row_number()
                  .over(
                      Window.orderBy(
                          col("stockout_risk").desc_nulls_last(),
                          col("projected_stockout_date").asc_nulls_last(),
                          col("order_value").desc_nulls_last(),
                          col("sku_id"),
                          col("warehouse_id"))));
      DeltaWrites.Written written =
          DeltaWrites.replace(
              spark, config, PLAN, ranked, "as_of_date = " + SqlDates.literal(asOf), "as_of_date");
      Steps.log("replenishment plan " + asOf, written.rows(), start);
      return written;
    } finally {
      history.unpersist();
    }
  }

  /** The plan row of a cell, none for a SKU without a lead time or a cell not yet started. */
  static List<Row> planRow(
      CellHistory cell,
      DemandModel model,
      ReorderPolicy policy,
      int naiveWeeks,
      int warningDays,
      String modelVersion) {
    int last = cell.days() - 1;
    if (cell.leadTimeDays() == null || cell.start() > last) {
      return List.of();
    }
    LocalDate asOf = cell.date(last);
    int lead = cell.leadTimeDays();
    int horizon = policy.horizonDays(lead);
    long onHand = cell.onHand()[last];
    long onOrder = Math.max(0, cell.onOrder()[last]);
    boolean stockKnown = onHand != CellHistory.UNKNOWN;
    long position = stockKnown ? onHand + onOrder : 0;
    double fillRate = policy.fillRate(cell.abcClass());
    Tsb tsb = model.learn(cell, last);
    ReorderPolicy.Decision decision =
        naiveWeeks > 0
            ? ReorderPolicy.naive(
                cell.averageSales(last, 28),
                naiveWeeks,
                policy.leadTimes().expected(lead),
                horizon,
                Replay.casePack(cell),
                Replay.moq(cell),
                fillRate,
                position)
            : policy.decide(
                tsb.level(),
                tsb.sd(),
                tsb.levelShare(),
                model.factors(asOf, horizon),
                lead,
                Replay.casePack(cell),
                Replay.moq(cell),
                fillRate,
                position);
    LocalDate stockout = null;
    Double cover = null;
    if (stockKnown) {
      stockout = projectedStockout(cell, decision.daily(), policy.leadTimes());
      double perDay = Arrays.stream(decision.daily()).average().orElse(0);
      cover = perDay > 0 ? round(onHand / perDay) : null;
    }
    double[] daily = new double[decision.daily().length];
    for (int h = 0; h < daily.length; h++) {
      daily[h] = round(decision.daily()[h]);
    }
    return List.of(
        RowFactory.create(
            Date.valueOf(asOf),
            cell.skuId(),
            cell.warehouseId(),
            cell.name(),
            cell.category(),
            cell.abcClass(),
            DemandModel.demandClass(cell, last),
            lead,
            decision.leadDays(),
            policy.cycleDays(),
            boxed(daily),
            round(decision.demandProtection()),
            Double.isNaN(decision.sd()) ? null : round(decision.sd()),
            decision.fillRate(),
            round(decision.safetyStock()),
            round(decision.reorderPoint()),
            round(decision.orderUpTo()),
            stockKnown ? onHand : null,
            stockKnown ? onOrder : null,
            stockKnown ? position : null,
            stockKnown ? decision.order() : null,
            Replay.casePack(cell),
            Replay.moq(cell),
            stockKnown && cell.unitCost() != null
                ? BigDecimal.valueOf(decision.order() * cell.unitCost())
                    .setScale(2, RoundingMode.HALF_UP)
                : null,
            cover,
            stockout == null ? null : Date.valueOf(stockout),
            stockKnown
                ? stockout != null
                    && !stockout.isAfter(asOf.plusDays(decision.leadDays() + warningDays))
                : null,
            naiveWeeks > 0 ? "naive_" + naiveWeeks + "w" : "planned",
            modelVersion));
  }

  /**
   * The first day the stock on hand, plus what is on order at its expected arrival, no longer
   * covers the expected demand: the as-of date itself for an empty shelf; null when the forecast
   * days run out first.
   */
  static LocalDate projectedStockout(CellHistory cell, double[] daily, LeadTimes leadTimes) {
    int last = cell.days() - 1;
    double stock = cell.onHand()[last];
    if (stock <= 0) {
      return cell.date(last);
    }
    long onOrder = Math.max(0, cell.onOrder()[last]);
    int arrival = onOrder > 0 ? Replay.expectedArrival(cell, last, leadTimes) - last : -1;
    for (int h = 1; h <= daily.length; h++) {
      if (h == arrival) {
        stock += onOrder;
      }
      stock -= daily[h - 1];
      if (stock <= 0) {
        return cell.date(last + h);
      }
    }
    return null;
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
      List<Row> sums, StructType schema, int[] weeks, Settings settings) {
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

  private static int[] naiveWeeks(int configured) {
    return Arrays.stream(NAIVE_WEEKS).anyMatch(w -> w == configured)
        ? NAIVE_WEEKS.clone()
        : IntStream.concat(Arrays.stream(NAIVE_WEEKS), IntStream.of(configured)).sorted().toArray();
  }

  /** One row per cell of {@code sql/models/replenishment_history.sql}. */
  private static Dataset<Row> history(
      SparkSession spark, LiveCartConfig config, Span window, LocalDate asOf) {
    truthView(spark, config);
    return spark.sql(
        SqlTemplate.render(
            "models",
            "replenishment_history",
            Map.of(
                "first_day",
                SqlDates.literal(window.first()),
                "as_of",
                SqlDates.literal(asOf),
                "routing",
                routing(config))));
  }

  /** The province-to-warehouse routing as a VALUES list. */
  private static String routing(LiveCartConfig config) {
    List<String> pairs = new ArrayList<>();
    config
        .warehouseProvinces()
        .forEach(
            (warehouse, provinces) ->
                provinces.forEach(
                    province ->
                        pairs.add("(" + quoted(province) + ", " + quoted(warehouse) + ")")));
    if (pairs.isEmpty()) {
      throw Errors.badConfig(
          "livecart.models.warehouses lists no warehouse: the replenishment model cannot tell"
              + " which warehouse an order's units come from",
          null);
    }
    return String.join(", ", pairs);
  }

  private static String quoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * The generator's true demand as the view {@code replenishment_truth}: empty unless the truth
   * folder has it (generated worlds only).
   */
  private static void truthView(SparkSession spark, LiveCartConfig config) {
    Path folder = new Path(config.truth() + "/demand");
    boolean present;
    try {
      present = folder.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(folder);
    } catch (IOException e) {
      present = false;
    }
    Dataset<Row> truth =
        present
            ? spark
                .read()
                .option("header", "true")
                .schema(
                    "sku_id STRING, warehouse_id STRING, demand_units BIGINT, sold_units BIGINT,"
                        + " lost_units BIGINT, on_hand_start BIGINT, received_units BIGINT,"
                        + " dt DATE")
                .csv(folder.toString())
                .selectExpr("sku_id", "warehouse_id", "dt AS day", "demand_units")
            : spark.createDataFrame(List.of(), TRUTH_SCHEMA);
    truth.createOrReplaceTempView("replenishment_truth");
  }

  /** The calendar's evidence summed over all cells: {@code [sales per day, base per day]}. */
  private static double[][] evidence(Dataset<Row> history, Span window) {
    LocalDate first = window.first();
    int days = window.days();
    List<Row> partials =
        history
            .mapPartitions(
                (MapPartitionsFunction<Row, Row>)
                    rows -> {
                      double[] sales = new double[days];
                      double[] base = new double[days];
                      while (rows.hasNext()) {
                        DemandCalendar.addEvidence(
                            CellHistory.of(rows.next(), first, days), sales, base);
                      }
                      return List.of(RowFactory.create(boxed(sales), boxed(base))).iterator();
                    },
                Encoders.row(EVIDENCE_SCHEMA))
            .collectAsList();
    double[] sales = new double[days];
    double[] base = new double[days];
    for (Row partial : partials) {
      List<Double> s = partial.getList(0);
      List<Double> b = partial.getList(1);
      for (int d = 0; d < days; d++) {
        sales[d] += s.get(d);
        base[d] += b.get(d);
      }
    }
    return new double[][] {sales, base};
  }

  /** {@code values} as an array column's value in a Row an encoder takes (a Scala sequence). */
  private static scala.collection.Seq<Double> boxed(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(v);
    }
    return scala.jdk.javaapi.CollectionConverters.asScala(out);
  }

  /**
   * The delivered-to-promised lead-time ratios of the purchase orders placed from {@code
   * placedFrom} to {@code asOf}, those still open at {@code asOf} censored.
   */
  private static LeadTimes leadTimes(
      SparkSession spark, Span window, LocalDate placedFrom, LocalDate asOf) {
    List<Row> orders =
        spark
            .sql(
                SqlTemplate.render(
                    "models",
                    "lead_times",
                    Map.of(
                        "first_day",
                        SqlDates.literal(window.first()),
                        "placed_from",
                        SqlDates.literal(placedFrom),
                        "as_of",
                        SqlDates.literal(asOf))))
            .collectAsList();
    return new LeadTimes(ratios(orders, true), ratios(orders, false));
  }

  private static String describe(LeadTimes leadTimes) {
    return String.format(
        Locale.ROOT,
        "mean %.3f, sd %.3f over %d deliveries and %d open orders",
        leadTimes.meanRatio(),
        leadTimes.sdRatio(),
        leadTimes.count(),
        leadTimes.openCount());
  }

  private static double[] ratios(List<Row> orders, boolean delivered) {
    return orders.stream()
        .filter(r -> r.getBoolean(5) == delivered)
        .mapToDouble(r -> (double) r.getInt(3) / r.getInt(4))
        .toArray();
  }

  /** Units of paid lines in the window from provinces no warehouse ships to (not planned). */
  private static double unrouted(
      SparkSession spark, LiveCartConfig config, Span window, LocalDate asOf) {
    Row row =
        spark
            .sql(
                String.format(
                    "SELECT coalesce(sum(quantity), 0) FROM gold.fact_order_lines"
                        + " WHERE is_paid AND order_date BETWEEN %s AND %s"
                        + " AND (province IS NULL OR province NOT IN (%s))",
                    SqlDates.literal(window.first()),
                    SqlDates.literal(asOf),
                    config.warehouseProvinces().values().stream()
                        .flatMap(List::stream)
                        .map(Replenishment::quoted)
                        .collect(Collectors.joining(", "))))
            .first();
    return ((Number) row.get(0)).doubleValue();
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
