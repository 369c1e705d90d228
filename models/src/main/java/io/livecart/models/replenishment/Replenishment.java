package io.livecart.models.replenishment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.Table;
import io.livecart.models.registry.Registry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.FlatMapFunction;
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
 * <p>Training is a backtest ({@link PolicyBacktest}), since the model's state is refitted from the
 * history every night ({@link ReplenishmentHistory}) with the parameters its version recorded
 * ({@link ReplenishmentSettings}): the last {@code replenishment_backtest_days} are replayed
 * ({@link Replay}) with our policy and with naive ones (order up to N weeks of average sales, for
 * several N), against the sales, raised on empty-shelf days to the forecast. The model is promoted
 * when its fill rate is within 1.5 points of the target and it holds less stock than the naive
 * policy reaching the same fill rate, and when its 7-day demand forecasts beat the moving average's
 * over the weeks that kept stock. Where the truth folder has the generator's true demand, the
 * policy is also replayed against it and the forecasts measured against it ({@code truth_policy.*},
 * {@code truth.forecast.*}, {@code actual.*}): an evaluation for tests and benches, which decides
 * nothing. Without a champion the plan is the naive policy's.
 */
public final class Replenishment {
  public static final String NAME = "replenishment";

  /** Per as-of date, SKU and warehouse: demand, safety stock, reorder point and order. */
  public static final Table PLAN = new Table(Table.ML, "replenishment_plan");

  /** The stock on hand the policy is replayed against. */
  private static final String INVENTORY = Table.silver(Source.INVENTORY).qualified();

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

  /** Why a night should not train (backtest) the model, if it should not. */
  public static Optional<String> whyNotTrain(
      SparkSession spark, LiveCartConfig config, LocalDate runDate) {
    ReplenishmentSettings settings = ReplenishmentSettings.of(config);
    LocalDate needed = runDate.minusDays(settings.backtestHistory());
    Optional<String> history =
        Registry.whyNotTrain(
            spark,
            config,
            NAME,
            runDate,
            needed,
            "a policy replay of " + settings.backtestDays() + " days",
            path -> List.of());
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
    ReplenishmentSettings configured = ReplenishmentSettings.of(config);
    ReplenishmentHistory.Span window = ReplenishmentHistory.Span.of(configured, runDate);
    int measureFrom = window.days() - configured.backtestDays();
    int from = measureFrom - configured.warmupDays();
    if (from <= DemandCalendar.BASE_DAYS) {
      throw Errors.notEnoughHistory(
          NAME,
          String.format(
              "replenishment_history_days (%d) must exceed the replay (%d days), its warm-up (%d)"
                  + " and the calendar's base (%d)",
              configured.historyDays(),
              configured.backtestDays(),
              configured.warmupDays(),
              DemandCalendar.BASE_DAYS));
    }
    LocalDate replayStart = window.first().plusDays(from);
    Dataset<Row> history = ReplenishmentHistory.history(spark, config, window, runDate).cache();
    try {
      double[][] evidence = ReplenishmentHistory.evidence(history, window);
      DemandCalendar calendar =
          DemandCalendar.fit(window.first(), evidence[0], evidence[1], from - 1);
      LeadTimes leadTimes =
          ReplenishmentHistory.leadTimes(spark, window, window.first(), replayStart.minusDays(1));
      LeadTimes delivered = ReplenishmentHistory.leadTimes(spark, window, replayStart, runDate);
      LeadTimes replayed = delivered.count() + delivered.openCount() > 0 ? delivered : leadTimes;
      PolicyBacktest backtest =
          new PolicyBacktest(history, window, calendar, leadTimes, replayed, from, measureFrom);
      DemandModel.Smoothing smoothing = backtest.fitSmoothing(configured);
      ReplenishmentSettings settings = configured.smoothedAs(smoothing);
      Map<String, Double> metrics = backtest.metrics(settings);
      String version = Registry.version(NAME, runDate);
      Optional<Registry.Champion> champion =
          Registry.champion(spark, config, NAME, runDate, version)
              .map(row -> champion(config, row, backtest, settings));
      champion.ifPresent(c -> metrics.putAll(c.metrics()));
      metrics.put("unrouted_units", ReplenishmentHistory.unrouted(spark, config, window, runDate));
      Registry.Promotion promotion =
          PolicyBacktest.promotion(
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
      parameters.put("smoothing", smoothing.toString());
      parameters.put("calendar", calendar.toString());
      parameters.put("lead_time_ratio", ReplenishmentHistory.describe(leadTimes));
      parameters.put(
          "replay_lead_time_ratio",
          replayed == delivered
              ? ReplenishmentHistory.describe(delivered)
              : "as planned: no order in the replay");
      parameters.put("replay", replayStart + ".." + runDate);
      parameters.put("measured_from", first.plusDays(measureFrom).toString());
      parameters.put(
          "naive_weeks",
          Arrays.stream(PolicyBacktest.naiveWeeks(settings.naiveWeeks()))
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
   * The champion, replayed with its settings on tonight's backtest: its fill rate and average stock
   * as {@code champion.fill_rate} and {@code champion.avg_inventory_units}.
   */
  private static Registry.Champion champion(
      LiveCartConfig config, Row champion, PolicyBacktest backtest, ReplenishmentSettings tonight) {
    ReplenishmentSettings its =
        ReplenishmentSettings.of(config, champion.getJavaMap(champion.fieldIndex("parameters")))
            .measuredAs(tonight);
    return Registry.Champion.refitted(
        champion.getAs("version"),
        its.parameters(),
        tonight.parameters(),
        () -> {
          Map<String, Double> replayed = backtest.metrics(its);
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
    ReplenishmentSettings settings =
        ReplenishmentSettings.of(config, version.getJavaMap(version.fieldIndex("parameters")));
    ReplenishmentHistory.Span window = ReplenishmentHistory.Span.of(settings, asOf);
    Dataset<Row> history = ReplenishmentHistory.history(spark, config, window, asOf).cache();
    try {
      double[][] evidence = ReplenishmentHistory.evidence(history, window);
      DemandCalendar calendar =
          DemandCalendar.fit(window.first(), evidence[0], evidence[1], window.last());
      DemandModel model = new DemandModel(settings.alpha(), settings.beta(), calendar);
      ReorderPolicy policy =
          settings.policy(ReplenishmentHistory.leadTimes(spark, window, window.first(), asOf));
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
            ReplenishmentHistory.boxed(daily),
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

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
