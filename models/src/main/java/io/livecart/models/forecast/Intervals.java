package io.livecart.models.forecast;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Prediction intervals by split conformal prediction on backtest residuals (as statsforecast's and
 * mlforecast's conformal intervals do): for each level and horizon week, conformal quantiles of the
 * normalized residuals (actual - forecast) / base of the backtest's forecasts, where base is the
 * forecast itself, floored at a tenth of the series' scale, times the series' dispersion at the
 * origin (see {@link #base}: normalized conformal prediction). Quantiles are equal-tailed at the
 * finite-sample conformal ranks (see {@link #quantiles}) and never narrower for a later week than
 * for an earlier one, so intervals widen with the horizon. Festival days (a promotion window or the
 * Spring Festival) have their own quantiles, over all horizons: their errors are of another size,
 * and pooled with ordinary days they would widen every interval (Mondrian conformal prediction).
 *
 * <p>A bound needs enough residuals: the 2.5% and 97.5% bounds 39, the 10% and 90% bounds 9 (see
 * {@link #quantiles}). A bucket with fewer borrows from the next wider pool that has enough: the
 * level's other weeks, then every level's same bucket (relative residuals are comparable across
 * levels; finer levels err more, so borrowing from them errs wide), then every level's weeks, then
 * everything. A 95% bound borrowed by a bucket that has its own 80% bounds keeps the bucket's width
 * (see {@link #pooled}). With fewer residuals than that in all, the bound is unknown (NaN): an
 * interval that cannot hold its level is not published as if it did.
 *
 * @param quantiles per level, for each horizon week (0 = days 1-7) and then for festival days
 *     ({@link #FESTIVAL}): the normalized residual quantiles at {@link #PROBABILITIES}
 * @param dispersed whether the residuals were divided by the series' dispersion too; false for
 *     intervals saved before they were (2026-12-06), whose quantiles are of residuals over the
 *     forecast alone
 */
record Intervals(Map<Series.Level, double[][]> quantiles, boolean dispersed) {
  /** 2.5%, 10%, 90%, 97.5%: the bounds of the 95% and the 80% interval. */
  static final double[] PROBABILITIES = {0.025, 0.10, 0.90, 0.975};

  static final int WEEKS = 4;

  /** The index of the festival days' quantiles. */
  static final int FESTIVAL = WEEKS;

  /** A backtest forecast's relative error; {@code festival}: its target day is a festival day. */
  record Residual(Series.Level level, int horizon, boolean festival, double relative) {}

  /**
   * A forecast's interval bounds: 95% low, 80% low, 80% high, 95% high; NaN where too few residuals
   * were seen to bound it.
   */
  record Bounds(double low95, double low80, double high80, double high95) {
    static final Bounds UNKNOWN = new Bounds(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    boolean known95() {
      return !Double.isNaN(low95) && !Double.isNaN(high95);
    }

    boolean known80() {
      return !Double.isNaN(low80) && !Double.isNaN(high80);
    }
  }

  /** The least dispersion a series is given: a steady one's intervals do not close to a point. */
  static final double MIN_DISPERSION = 0.01;

  /**
   * What a residual of a forecast is measured in: the forecast, floored at a tenth of the series'
   * scale, times the series' dispersion at the origin ({@link GmvFeatures#dispersion}, at least
   * {@link #MIN_DISPERSION}). So measured, the errors of a steady series and of a spiky one, or of
   * the total and of an anchor, are of one size, and pooled over a level (or borrowed across
   * levels) they give each series an interval of its own width (normalized conformal prediction,
   * Papadopoulos et al. 2008). Over the forecast alone the spiky series' errors set every series'
   * width: on the README's world the categories' 80% intervals covered 0.94 of the backtest's days
   * and the total's 0.96 to 0.98.
   */
  static double base(double forecast, double scale, double dispersion) {
    return Math.max(forecast, 0.1 * scale) * Math.max(dispersion, MIN_DISPERSION);
  }

  /** A backtest forecast's normalized residual: its error over its {@link #base}. */
  static double residual(double actual, double forecast, double scale, double dispersion) {
    return (actual - forecast) / base(forecast, scale, dispersion);
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
      if (residuals.stream().noneMatch(r -> r.level() == level)) {
        continue;
      }
      double[][] q = new double[FESTIVAL + 1][];
      for (int b = 0; b <= FESTIVAL; b++) {
        q[b] = pooled(residuals, level, b);
      }
      for (int w = 1; w < WEEKS; w++) {
        for (int p = 0; p < PROBABILITIES.length; p++) {
          if (!Double.isNaN(q[w - 1][p])) {
            q[w][p] =
                PROBABILITIES[p] < 0.5
                    ? Math.min(q[w][p], q[w - 1][p])
                    : Math.max(q[w][p], q[w - 1][p]);
          }
        }
      }
      quantiles.put(level, q);
    }
    return new Intervals(quantiles, true);
  }

  /**
   * The quantiles of {@code level}'s bucket: the 80% bounds from the narrowest pool with enough
   * residuals for them, the 95% bounds from the narrowest with enough for those. When the two pools
   * differ, the wider pool's residuals are rescaled to the bucket's 80% width before its 95% bounds
   * are read: the bucket keeps its own width, and borrows only how far beyond the 80% bounds the
   * 95% ones reach, in units of that width. Taken as they are, a wider pool's 95% bounds fell
   * inside the bucket's 80% ones whenever the bucket erred more than the pool (the README world's
   * total, one series with two origins of residuals, against the finer levels), and held at least
   * as wide as the 80% bounds they published a 95% interval equal to the 80% one.
   */
  private static double[] pooled(List<Residual> residuals, Series.Level level, int bucket) {
    boolean festival = bucket == FESTIVAL;
    List<Predicate<Residual>> pools =
        List.of(
            r -> r.level() == level && bucket(r.horizon(), r.festival()) == bucket,
            r -> r.level() == level && r.festival() == festival,
            r -> bucket(r.horizon(), r.festival()) == bucket,
            r -> r.festival() == festival,
            r -> true);
    double[] q = new double[PROBABILITIES.length];
    Arrays.fill(q, Double.NaN);
    for (Predicate<Residual> pool : pools) {
      double[] candidate =
          quantiles(
              residuals.stream().filter(pool).mapToDouble(Residual::relative).sorted().toArray());
      if (Double.isNaN(q[1]) && !Double.isNaN(candidate[1])) {
        q[1] = candidate[1];
        q[2] = candidate[2];
      }
      if (!Double.isNaN(q[1]) && !Double.isNaN(candidate[0])) {
        double width = candidate[2] - candidate[1];
        double scale = width > 0 ? (q[2] - q[1]) / width : 1;
        q[0] = q[1] - (candidate[1] - candidate[0]) * scale;
        q[3] = q[2] + (candidate[3] - candidate[2]) * scale;
        break;
      }
    }
    return q;
  }

  /**
   * The bounds around {@code forecast} of a series of {@code scale} and {@code dispersion} at the
   * origin, never below zero.
   */
  Bounds around(
      Series.Level level,
      int horizon,
      boolean festival,
      double forecast,
      double scale,
      double dispersion) {
    double[][] q = quantiles.get(level);
    if (q == null) {
      return Bounds.UNKNOWN;
    }
    double[] w = q[bucket(horizon, festival)];
    double base = base(forecast, scale, dispersed ? dispersion : 1);
    return new Bounds(
        Math.max(0, forecast + w[0] * base),
        Math.max(0, forecast + w[1] * base),
        Math.max(0, forecast + w[2] * base),
        Math.max(0, forecast + w[3] * base));
  }

  /**
   * Conformal quantiles of sorted values: for a lower probability p the order statistic of rank
   * floor((n + 1) p), for an upper one of rank ceil((n + 1) p), counted from 1. A new residual
   * exchangeable with the n others is above the first with probability at most p and below the
   * second with probability at least p, so an interval between them covers at least its level (Vovk
   * et al.; the finite-sample rank of split conformal prediction). Where the rank falls outside the
   * sample (fewer than 1 / p - 1 residuals for a lower bound, p / (1 - p) for an upper one) the
   * quantile is NaN: the sample's extreme would cover only (n - 1) / (n + 1).
   */
  static double[] quantiles(double[] sorted) {
    int n = sorted.length;
    double[] out = new double[PROBABILITIES.length];
    for (int p = 0; p < PROBABILITIES.length; p++) {
      double probability = PROBABILITIES[p];
      int rank =
          probability < 0.5
              ? (int) Math.floor((n + 1) * probability + 1e-9)
              : (int) Math.ceil((n + 1) * probability - 1e-9);
      out[p] = rank >= 1 && rank <= n ? sorted[rank - 1] : Double.NaN;
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
