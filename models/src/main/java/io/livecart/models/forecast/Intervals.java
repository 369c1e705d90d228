package io.livecart.models.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Prediction intervals by conformal prediction on backtest residuals (as statsforecast's and
 * mlforecast's conformal intervals do): for each level and horizon week, the empirical quantiles of
 * the relative residuals (actual - forecast) / base of the backtest's forecasts, where base is the
 * forecast itself, floored at a tenth of the series' scale. Quantiles are equal-tailed (see {@link
 * #quantiles}) and never narrower for a later week than for an earlier one, so intervals widen with
 * the horizon. Festival days (a promotion window or the Spring Festival) have their own quantiles,
 * over all horizons: their errors are of another size, and pooled with ordinary days they would
 * widen every interval (Mondrian conformal prediction).
 *
 * @param quantiles per level, for each horizon week (0 = days 1-7) and then for festival days
 *     ({@link #FESTIVAL}): the relative residual quantiles at {@link #PROBABILITIES}
 */
record Intervals(Map<Series.Level, double[][]> quantiles) {
  /** 2.5%, 10%, 90%, 97.5%: the bounds of the 95% and the 80% interval. */
  static final double[] PROBABILITIES = {0.025, 0.10, 0.90, 0.975};

  static final int WEEKS = 4;

  /** The index of the festival days' quantiles. */
  static final int FESTIVAL = WEEKS;

  /** A backtest forecast's relative error; {@code festival}: its target day is a festival day. */
  record Residual(Series.Level level, int horizon, boolean festival, double relative) {}

  /** A forecast's interval bounds: 95% low, 80% low, 80% high, 95% high. */
  record Bounds(double low95, double low80, double high80, double high95) {}

  static double base(double forecast, double scale) {
    return Math.max(forecast, 0.1 * scale);
  }

  static int week(int horizon) {
    return Math.min((horizon - 1) / 7, WEEKS - 1);
  }

  private static int bucket(int horizon, boolean festival) {
    return festival ? FESTIVAL : week(horizon);
  }

  static Intervals fit(List<Residual> residuals) {
    Map<Series.Level, double[][]> quantiles = new EnumMap<>(Series.Level.class);
    for (Series.Level level : Series.Level.values()) {
      List<List<Double>> byBucket = new ArrayList<>();
      for (int b = 0; b <= FESTIVAL; b++) {
        byBucket.add(new ArrayList<>());
      }
      residuals.stream()
          .filter(r -> r.level() == level)
          .forEach(r -> byBucket.get(bucket(r.horizon(), r.festival())).add(r.relative()));
      if (byBucket.stream().allMatch(List::isEmpty)) {
        continue;
      }
      double[][] q = new double[FESTIVAL + 1][];
      for (int w = 0; w < WEEKS; w++) {
        double[] sorted = sorted(byBucket.get(w));
        q[w] = sorted.length == 0 ? (w == 0 ? new double[4] : q[w - 1].clone()) : quantiles(sorted);
        if (w > 0) {
          for (int p = 0; p < PROBABILITIES.length; p++) {
            q[w][p] =
                PROBABILITIES[p] < 0.5
                    ? Math.min(q[w][p], q[w - 1][p])
                    : Math.max(q[w][p], q[w - 1][p]);
          }
        }
      }
      double[] festival = sorted(byBucket.get(FESTIVAL));
      q[FESTIVAL] = festival.length == 0 ? q[WEEKS - 1].clone() : quantiles(festival);
      quantiles.put(level, q);
    }
    return new Intervals(quantiles);
  }

  private static double[] sorted(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  /** The bounds around {@code forecast}, never below zero. */
  Bounds around(Series.Level level, int horizon, boolean festival, double forecast, double scale) {
    double[][] q = quantiles.get(level);
    if (q == null) {
      return new Bounds(forecast, forecast, forecast, forecast);
    }
    double[] w = q[bucket(horizon, festival)];
    double base = base(forecast, scale);
    return new Bounds(
        Math.max(0, forecast + w[0] * base),
        Math.max(0, forecast + w[1] * base),
        Math.max(0, forecast + w[2] * base),
        Math.max(0, forecast + w[3] * base));
  }

  /**
   * Empirical quantiles of sorted values at the position (n + 1) p (counted from 1), interpolated
   * between order statistics. A new residual exchangeable with n others falls below the k-th of
   * them with probability k / (n + 1), so these bounds cover the nominal share in expectation.
   * Rounding the rank outward instead (the textbook guarantee of at least the nominal coverage)
   * covers several points more with the few dozen residuals a level's horizon week has: an 80%
   * interval that holds 86% of days is too wide to plan with.
   */
  static double[] quantiles(double[] sorted) {
    int n = sorted.length;
    double[] out = new double[PROBABILITIES.length];
    for (int p = 0; p < PROBABILITIES.length; p++) {
      double position = Math.max(0, Math.min(n - 1, (n + 1) * PROBABILITIES[p] - 1));
      int below = (int) Math.floor(position);
      int above = Math.min(n - 1, below + 1);
      out[p] = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
    return out;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    quantiles.forEach((l, q) -> sb.append(l).append(Arrays.deepToString(q)).append(' '));
    return sb.toString().trim();
  }
}
