package io.livecart.models.replenishment;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demand forecast judged on a sales history without stock levels, such as M5's (Walmart's daily
 * unit sales per item and store): every day's sales are taken as its demand, the M5 competition's
 * own convention, since no day is known to have run out. The night's demand model (TSB on the days'
 * sales over the weekday and festival calendar, {@link DemandModel}) against the moving average of
 * the last 28 days: 7-day forecasts from every 7th day of the last {@code
 * replenishment_backtest_days} of the history, the calendar and TSB's smoothing fitted on the days
 * before them, as the nightly training's evaluation does. An evaluation only: the nightly training
 * needs stock levels (an empty shelf hides demand), and nothing here is published.
 */
public final class SalesBacktest {
  /** The demand classes in the order a result lists them, before {@code all}. */
  private static final List<String> CLASSES =
      List.of("smooth", "erratic", "intermittent", "lumpy", "new", "no_demand");

  /**
   * The cells of one Syntetos-Boylan demand class (as of the day before the measured days), or
   * {@code all}: the units they sold in the measured weeks, and each forecaster's WAPE and bias
   * (sum of errors over the units; positive = over-forecast) of its weekly forecasts.
   */
  public record Line(
      String demandClass,
      int cells,
      double units,
      double modelWape,
      double modelBias,
      double averageWape,
      double averageBias) {}

  /**
   * The backtest's lines, the first day it measured, and the calendar and smoothing fitted before
   * it (as the registry's {@code calendar} and {@code smoothing} parameters print them).
   */
  public record Result(
      List<Line> lines, LocalDate measuredFrom, String calendar, String smoothing) {}

  private SalesBacktest() {}

  /** The days of history the night's demand model reads ({@code replenishment_history_days}). */
  public static int historyDays(LiveCartConfig config) {
    return ReplenishmentSettings.of(config).historyDays();
  }

  /**
   * Backtests the demand model on {@code sales}: per series (an item in a place), its units sold on
   * each day from {@code first}, every series as long. A series' history starts at its first sale.
   */
  public static Result run(LiveCartConfig config, Map<String, long[]> sales, LocalDate first) {
    ReplenishmentSettings settings = ReplenishmentSettings.of(config);
    int days = sales.values().stream().mapToInt(units -> units.length).max().orElse(0);
    int measureFrom = days - settings.backtestDays();
    if (measureFrom - 1 <= DemandCalendar.BASE_DAYS) {
      throw Errors.notEnoughHistory(
          Replenishment.NAME,
          String.format(
              "%d days of sales: a backtest of replenishment_backtest_days (%d) needs the"
                  + " calendar's base (%d days) before it",
              days, settings.backtestDays(), DemandCalendar.BASE_DAYS));
    }
    List<CellHistory> cells = new ArrayList<>();
    double[] evidenceSales = new double[days];
    double[] evidenceBase = new double[days];
    sales.forEach(
        (key, units) -> {
          CellHistory cell = CellHistory.ofSales(key, first, units);
          cells.add(cell);
          DemandCalendar.addEvidence(cell, evidenceSales, evidenceBase);
        });
    DemandCalendar calendar =
        DemandCalendar.fit(first, evidenceSales, evidenceBase, measureFrom - 1);
    DemandModel.Smoothing smoothing =
        settings.smoothing(
            () -> {
              double[] fit = new double[DemandModel.FIT_ERRORS];
              for (CellHistory cell : cells) {
                DemandModel.add(fit, settings.fitErrors(cell, calendar, measureFrom));
              }
              return fit;
            });
    DemandModel model = new DemandModel(smoothing.alpha(), smoothing.beta(), calendar);
    Map<String, double[]> sums = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String demandClass : CLASSES) {
      sums.put(demandClass, new double[1 + 2 * DemandModel.Forecaster.values().length]);
      counts.put(demandClass, 0);
    }
    for (CellHistory cell : cells) {
      if (cell.start() >= measureFrom) {
        continue;
      }
      String demandClass = DemandModel.demandClass(cell, measureFrom - 1);
      double[] errors = model.errors(cell, measureFrom, days - 1, false);
      double[] sum = sums.get(demandClass);
      for (int i = 0; i < errors.length; i++) {
        sum[i] += errors[i];
      }
      counts.merge(demandClass, 1, Integer::sum);
    }
    double[] all = new double[1 + 2 * DemandModel.Forecaster.values().length];
    List<Line> lines = new ArrayList<>();
    for (String demandClass : CLASSES) {
      double[] sum = sums.get(demandClass);
      for (int i = 0; i < all.length; i++) {
        all[i] += sum[i];
      }
      if (counts.get(demandClass) > 0) {
        lines.add(line(demandClass, counts.get(demandClass), sum));
      }
    }
    lines.add(line("all", counts.values().stream().mapToInt(Integer::intValue).sum(), all));
    return new Result(
        lines, first.plusDays(measureFrom), calendar.toString(), smoothing.toString());
  }

  /** A line of the sums {@link DemandModel#errors} gives, summed over {@code cells} cells. */
  private static Line line(String demandClass, int cells, double[] sum) {
    int model = 1 + 2 * DemandModel.Forecaster.MODEL.ordinal();
    int average = 1 + 2 * DemandModel.Forecaster.MOVING_AVERAGE.ordinal();
    double units = sum[0];
    return new Line(
        demandClass,
        cells,
        units,
        ratio(sum[model], units),
        ratio(sum[model + 1], units),
        ratio(sum[average], units),
        ratio(sum[average + 1], units));
  }

  private static double ratio(double value, double units) {
    return units > 0 ? value / units : Double.NaN;
  }
}
