package io.livecart.models.forecast;

import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Prediction intervals by split conformal prediction on backtest residuals (as statsforecast's and
 * mlforecast's conformal intervals do): for each series and horizon week, conformal quantiles of
 * the normalized residuals (actual - forecast) / base of the backtest's forecasts, where base is
 * the forecast itself, floored at a tenth of the series' scale, times the series' dispersion at the
 * origin (see {@link #base}: normalized conformal prediction). Quantiles are equal-tailed at the
 * finite-sample conformal ranks (see {@link #quantiles}) and never narrower for a later week than
 * for an earlier one, so intervals widen with the horizon. Festival days (a promotion window or the
 * Spring Festival) have their own quantiles, over all horizons: their errors are of another size,
 * and pooled with ordinary days they would widen every interval (Mondrian conformal prediction).
 *
 * <p>Each series is given the width of its own errors as far as the backtest can tell it: its
 * residuals and its level's are pooled after dividing each series' by its factor (the mean absolute
 * residual of its ordinary days over its level's, shrunk towards 1, see {@link #factors}), and the
 * pool's quantiles are scaled back by the factor. Unlike series of one level do not err alike even
 * after normalizing by their dispersion: on M5, the categories' pooled 95% bounds reached 4x the
 * food forecast. A series' own quantiles (statsforecast's per-series conformal intervals) need far
 * more residuals than a factor does, and a factor taken as measured is noise when the origins are
 * few (on the README world's three origins, per-series backtest coverage scattered further from its
 * level). Each level has quantiles of its residuals as they are, for series without a factor.
 *
 * <p>A bound needs enough residuals: the 2.5% and 97.5% bounds 39, the 10% and 90% bounds 9 (see
 * {@link #quantiles}). A bucket with fewer borrows from the next wider pool that has enough: the
 * level's other weeks, then every level's same bucket (relative residuals are comparable across
 * levels; finer levels err more, so borrowing from them errs wide), then every level's weeks, then
 * everything. A 95% bound borrowed by a bucket that has its own 80% bounds keeps the bucket's width
 * (see {@link #pooled}). With fewer residuals than that in all, the bound is unknown (NaN): an
 * interval that cannot hold its level is not published as if it did.
 *
 * @param quantiles per series with a factor and per level ({@link Scope}), for each horizon week (0
 *     = days 1-7) and then for festival days ({@link #FESTIVAL}): the normalized residual quantiles
 *     at {@link #PROBABILITIES}
 * @param dispersed whether the residuals were divided by the series' dispersion too; false for
 *     intervals saved before they were (2026-12-06), whose quantiles are of residuals over the
 *     forecast alone
 */
record Intervals(Map<Intervals.Scope, double[][]> quantiles, boolean dispersed) {
  /**
   * What a set of quantiles is for: one series of a level ({@code series} its key), or the whole
   * level ({@code series} null), for series without a factor.
   */
  record Scope(Series.Level level, String series) {
    static Scope of(Series.Level level) {
      return new Scope(level, null);
    }

    /** The level's label, then the series' key: {@code category}, {@code category/美妆}. */
    @Override
    public String toString() {
      return series == null ? level.label() : level.label() + "/" + series;
    }
  }

  /** 2.5%, 10%, 90%, 97.5%: the bounds of the 95% and the 80% interval. */
  static final double[] PROBABILITIES = {0.025, 0.10, 0.90, 0.975};

  static final int WEEKS = 4;

  /** The index of the festival days' quantiles. */
  static final int FESTIVAL = WEEKS;

  /**
   * A backtest forecast's relative error for the series {@code series} of {@code level}, made at
   * {@code origin}; {@code festival}: its target day is a festival day.
   */
  record Residual(
      Series.Level level,
      String series,
      int origin,
      int horizon,
      boolean festival,
      double relative) {}

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
    Map<Scope, double[][]> quantiles = new LinkedHashMap<>();
    Map<Scope, Double> factors = new LinkedHashMap<>();
    for (Series.Level level : Series.Level.values()) {
      if (residuals.stream().anyMatch(r -> r.level() == level)) {
        quantiles.put(Scope.of(level), buckets(residuals, level));
        factors.putAll(factors(residuals, level));
      }
    }
    List<Residual> scaled =
        residuals.stream()
            .map(
                r -> {
                  Double factor = factors.get(new Scope(r.level(), r.series()));
                  return factor == null
                      ? r
                      : new Residual(
                          r.level(),
                          r.series(),
                          r.origin(),
                          r.horizon(),
                          r.festival(),
                          r.relative() / factor);
                })
            .toList();
    Map<Series.Level, double[][]> pooled = new EnumMap<>(Series.Level.class);
    factors.forEach(
        (scope, factor) -> {
          double[][] q = pooled.computeIfAbsent(scope.level(), l -> buckets(scaled, l));
          double[][] own = new double[q.length][];
          for (int b = 0; b < q.length; b++) {
            own[b] = Arrays.stream(q[b]).map(v -> v * factor).toArray();
          }
          quantiles.put(scope, own);
        });
    return new Intervals(quantiles, true);
  }

  /**
   * The factor of each series of {@code level} seen at two origins or more, where it is not 1: the
   * mean absolute residual of its ordinary days over the level's, shrunk towards 1 as far as the
   * series' factors differ by chance (an empirical Bayes estimate, as James and Stein's). Per
   * origin, a series' mean over the level's is one measure of its factor; the spread of those
   * measures from origin to origin is their noise, the spread of the series' factors beyond that
   * noise is the signal, and each factor keeps signal / (signal + its noise) of its distance from
   * 1. Days of one window err together, so the origins, not the days, count as the measures. In the
   * backtests of the README world and M5 (at most five origins before the one scored) the factors
   * shrink to 1 or near it; with M5's six origins the published food series' 80% band is 23%
   * narrower than the level's pool gave it (docs/models/gmv-forecast.md, "Each series' factor").
   */
  private static Map<Scope, Double> factors(List<Residual> residuals, Series.Level level) {
    Map<String, Map<Integer, DoubleSummaryStatistics>> errors =
        residuals.stream()
            .filter(r -> r.level() == level && !r.festival())
            .collect(
                Collectors.groupingBy(
                    Residual::series,
                    LinkedHashMap::new,
                    Collectors.groupingBy(
                        Residual::origin,
                        TreeMap::new,
                        Collectors.summarizingDouble(r -> Math.abs(r.relative())))));
    double levelMean =
        errors.values().stream()
            .flatMap(o -> o.values().stream())
            .mapToDouble(DoubleSummaryStatistics::getAverage)
            .average()
            .orElse(0);
    Map<String, double[]> measures = new LinkedHashMap<>();
    errors.forEach(
        (series, byOrigin) -> {
          if (byOrigin.size() >= 2 && levelMean > 0) {
            measures.put(
                series,
                byOrigin.values().stream().mapToDouble(e -> e.getAverage() / levelMean).toArray());
          }
        });
    Map<String, Double> raw = new LinkedHashMap<>();
    Map<String, Double> noise = new LinkedHashMap<>();
    measures.forEach(
        (series, m) -> {
          raw.put(series, mean(m));
          noise.put(series, variance(m) / m.length);
        });
    double signal =
        Math.max(
            0,
            variance(raw.values().stream().mapToDouble(Double::doubleValue).toArray())
                - noise.values().stream().mapToDouble(Double::doubleValue).average().orElse(0));
    Map<Scope, Double> out = new LinkedHashMap<>();
    raw.forEach(
        (series, factor) -> {
          double weight = signal > 0 ? signal / (signal + noise.get(series)) : 0;
          double shrunk = 1 + weight * (factor - 1);
          if (weight > 0 && shrunk > 0) {
            out.put(new Scope(level, series), shrunk);
          }
        });
    return out;
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }

  /** The sample variance (n - 1); 0 for fewer than two values. */
  private static double variance(double[] values) {
    if (values.length < 2) {
      return 0;
    }
    double mean = mean(values);
    return Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
  }

  /** The quantiles of every bucket of {@code level}, never narrower for a later week. */
  private static double[][] buckets(List<Residual> residuals, Series.Level level) {
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
    return q;
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
   * The bounds around {@code forecast} of the series {@code series} of {@code level}, of {@code
   * scale} and {@code dispersion} at the origin, never below zero: by the series' own quantiles,
   * else by its level's.
   */
  Bounds around(
      Series.Level level,
      String series,
      int horizon,
      boolean festival,
      double forecast,
      double scale,
      double dispersion) {
    double[][] q = quantiles.get(new Scope(level, series));
    if (q == null) {
      q = quantiles.get(Scope.of(level));
    }
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
    quantiles.forEach((scope, q) -> sb.append(scope).append(Arrays.deepToString(q)).append(' '));
    return sb.toString().trim();
  }
}
