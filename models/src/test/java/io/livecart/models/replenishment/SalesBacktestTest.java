package io.livecart.models.replenishment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.livecart.core.LiveCartException;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SalesBacktestTest {
  /** July to early October 2025: no festival day, so every calendar factor is a weekday's. */
  private static final LocalDate FIRST = LocalDate.of(2025, 7, 1);

  private static final int DAYS = 100;

  private static final LiveCartConfig CONFIG =
      ConfigLoader.load(
          Optional.empty(),
          Map.of(),
          List.of(
              "models.parameters.replenishment_backtest_days=28",
              "models.parameters.replenishment_alpha=0.1"));

  /**
   * Days 72-99 are measured: 7-day forecasts from days 71, 78, 85 and 92. One item sells 4 a day
   * from its launch on day 10 (the days before are not its history); another steps from 2 to 10 a
   * day on day 72. Every day before the measured ones sells its cell's usual units, so the fitted
   * weekday factors are all 1 and the forecasts can be worked out by hand.
   */
  @Test
  void theModelFollowsAStepTheMovingAverageLagsBehind() {
    Map<String, long[]> sales = new LinkedHashMap<>();
    long[] launched = new long[DAYS];
    Arrays.fill(launched, 10, DAYS, 4);
    long[] step = new long[DAYS];
    Arrays.fill(step, 0, 72, 2);
    Arrays.fill(step, 72, DAYS, 10);
    long[] late = new long[DAYS];
    Arrays.fill(late, 80, DAYS, 5);
    sales.put("steady@S1", launched);
    sales.put("step@S1", step);
    sales.put("late@S1", late);

    SalesBacktest.Result result = SalesBacktest.run(CONFIG, sales, FIRST);

    assertThat(result.measuredFrom()).isEqualTo(FIRST.plusDays(72));
    assertThat(result.calendar()).startsWith("weekday 1.00 1.00 1.00 1.00 1.00 1.00 1.00");
    // the fit's four weeks (days 44-71: 4 x 28 + 2 x 28 units) sold the same every day: every pair
    // forecasts them exactly, and the configured one stands
    assertThat(result.smoothing()).startsWith("alpha 0.1, beta 0.05 (7-day WAPE 0.0000 on the 168");
    // the late item's first sale is in the measured days: not backtested
    assertThat(result.lines())
        .extracting(SalesBacktest.Line::demandClass)
        .containsExactly("smooth", "all");
    SalesBacktest.Line all = result.lines().get(1);
    assertThat(all.cells()).isEqualTo(2);
    // four weeks of 28 and of 70 units
    assertThat(all.units()).isEqualTo(392);
    // the steady item: both exact. The step: both forecast 14 for the first week (56 short); then
    // TSB's level after 7, 14 and 21 days of 10 is 10 - 8 x 0.9^k a day, the moving average's
    // 4, 6 and 8 (the last 28 days' mean)
    double model = 56 + 7 * (8 * Math.pow(0.9, 7) + 8 * Math.pow(0.9, 14) + 8 * Math.pow(0.9, 21));
    assertThat(all.modelWape()).isCloseTo(model / 392, within(1e-9));
    assertThat(all.modelBias()).isCloseTo(-model / 392, within(1e-9));
    assertThat(all.averageWape()).isCloseTo((56 + 42 + 28 + 14) / 392.0, within(1e-9));
    assertThat(all.averageBias()).isCloseTo(-all.averageWape(), within(1e-9));
    assertThat(result.lines().get(0))
        .isEqualTo(
            new SalesBacktest.Line(
                "smooth",
                2,
                all.units(),
                all.modelWape(),
                all.modelBias(),
                all.averageWape(),
                all.averageBias()));
  }

  /**
   * The smoothing is fitted on the 28 days before those measured: a step there from 2 to 10 a day
   * is followed best by the largest size smoothing of the grid (an item that sells every day keeps
   * its probability of demand at 1 whatever beta, so the first beta stands). The measured days play
   * no part in the fit.
   */
  @Test
  void theSmoothingIsFittedOnTheWeeksBeforeThoseMeasured() {
    long[] step = new long[DAYS];
    Arrays.fill(step, 0, 50, 2);
    Arrays.fill(step, 50, DAYS, 10);
    SalesBacktest.Result result = SalesBacktest.run(CONFIG, Map.of("step@S1", step), FIRST);
    assertThat(result.smoothing()).startsWith("alpha 0.3, beta 0.01 (7-day WAPE");
    long[] later = step.clone();
    Arrays.fill(later, 72, DAYS, 40);
    assertThat(SalesBacktest.run(CONFIG, Map.of("step@S1", later), FIRST).smoothing())
        .isEqualTo(result.smoothing());
    LiveCartConfig fixed =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of(
                "models.parameters.replenishment_backtest_days=28",
                "models.parameters.replenishment_fit_smoothing=0"));
    assertThat(SalesBacktest.run(fixed, Map.of("step@S1", step), FIRST).smoothing())
        .isEqualTo("alpha 0.1, beta 0.05 (configured: replenishment_fit_smoothing = 0)");
  }

  @Test
  void withoutDemandToFitOnTheConfiguredSmoothingStands() {
    DemandModel.Smoothing smoothing =
        DemandModel.choose(
            new double[2 * DemandModel.ALPHAS.length * DemandModel.BETAS.length], 0.15, 0.07);
    assertThat(smoothing.alpha()).isEqualTo(0.15);
    assertThat(smoothing.beta()).isEqualTo(0.07);
    assertThat(smoothing).hasToString("alpha 0.15, beta 0.07 (configured: no week to fit on)");
  }

  @Test
  void aHistoryShorterThanTheBacktestAndItsBaseIsRefused() {
    assertThatThrownBy(() -> SalesBacktest.run(CONFIG, Map.of("short@S1", new long[80]), FIRST))
        .isInstanceOf(LiveCartException.class)
        .hasMessageContaining("80 days of sales")
        .hasMessageContaining("backfill");
  }
}
