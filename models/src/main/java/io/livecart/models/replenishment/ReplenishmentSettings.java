package io.livecart.models.replenishment;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.models.registry.Registry;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The model's parameters ({@code livecart.models.parameters.replenishment_*}), and the days of the
 * stock-out warning (gold's {@code stockout_warning_hours}, the alerts' definition). A version
 * records the parameters in its registry row under the same keys ({@link #parameters()}), and plans
 * with those it recorded, whatever the configuration says later.
 */
record ReplenishmentSettings(
    int historyDays,
    double alpha,
    double beta,
    boolean fitSmoothing,
    int cycleDays,
    double fillRateA,
    double fillRateB,
    double fillRateC,
    int backtestDays,
    int warmupDays,
    int naiveWeeks,
    int warningDays,
    long seed)
    implements Serializable {
  static ReplenishmentSettings of(LiveCartConfig config) {
    return of(config, Map.of());
  }

  /**
   * The parameters {@code recorded} in a version's registry row; tonight's configuration for a
   * parameter it does not record (a version registered before it was recorded).
   */
  static ReplenishmentSettings of(LiveCartConfig config, Map<String, String> recorded) {
    Function<String, Number> value = Registry.parameters(config, recorded);
    Number warningHours = config.goldParameters().get("stockout_warning_hours");
    return new ReplenishmentSettings(
        value.apply("replenishment_history_days").intValue(),
        value.apply("replenishment_alpha").doubleValue(),
        value.apply("replenishment_beta").doubleValue(),
        value.apply("replenishment_fit_smoothing").intValue() != 0,
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
    out.put("replenishment_fit_smoothing", fitSmoothing ? "1" : "0");
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
   * This policy and demand model, replayed as {@code tonight} replays: its history, replay, warm-up
   * and naive policy, so that a champion replayed with its own settings is measured on the same
   * days and against the same yardstick as tonight's.
   */
  ReplenishmentSettings measuredAs(ReplenishmentSettings tonight) {
    return new ReplenishmentSettings(
        tonight.historyDays,
        alpha,
        beta,
        fitSmoothing,
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

  /**
   * The cell's errors a fit of TSB's smoothing chooses by ({@link DemandModel#fitErrors}), over the
   * {@link #backtestDays} before {@code measureFrom}, the first day a backtest measures.
   */
  double[] fitErrors(CellHistory cell, DemandCalendar calendar, int measureFrom) {
    return DemandModel.fitErrors(
        cell, calendar, Math.max(1, measureFrom - backtestDays), measureFrom - 1);
  }

  /**
   * TSB's smoothing: chosen ({@link DemandModel#choose}) from the summed errors {@code fitErrors}
   * gives, or as configured when {@code replenishment_fit_smoothing} is 0 (then nothing is summed).
   */
  DemandModel.Smoothing smoothing(Supplier<double[]> fitErrors) {
    return fitSmoothing
        ? DemandModel.choose(fitErrors.get(), alpha, beta)
        : DemandModel.Smoothing.configured(alpha, beta, "replenishment_fit_smoothing = 0");
  }

  /** These settings with TSB's smoothing constants as {@code fitted}. */
  ReplenishmentSettings smoothedAs(DemandModel.Smoothing fitted) {
    return new ReplenishmentSettings(
        historyDays,
        fitted.alpha(),
        fitted.beta(),
        fitSmoothing,
        cycleDays,
        fillRateA,
        fillRateB,
        fillRateC,
        backtestDays,
        warmupDays,
        naiveWeeks,
        warningDays,
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
