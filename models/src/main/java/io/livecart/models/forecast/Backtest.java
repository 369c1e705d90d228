package io.livecart.models.forecast;

import io.livecart.core.Concurrently;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * The rolling-origin backtest of the GMV forecast: at each origin, a model fitted only on targets
 * up to the origin forecasts every series over the horizon, next to the two baselines. Each
 * origin's intervals come from the residuals of the origins before it, as a planner's would have
 * (none borrows a later festival's errors), and its forecasts are reconciled as published ones are,
 * so the metrics measure what a planner would have read. The first origin has no interval. The
 * baselines get the same treatment, intervals included: when the model loses, the best of them is
 * what the forecast publishes.
 */
record Backtest(
    List<Series> series,
    List<Point> points,
    Map<GmvForecast.Forecaster, Map<Integer, List<Intervals.Residual>>> residuals) {

  /** One forecaster's forecast of one series' day at one origin, with the actual. */
  record Point(
      GmvForecast.Forecaster forecaster,
      GmvForecast.Forecast forecast,
      double actual,
      double naiveError) {}

  static Backtest run(
      SparkSession spark,
      List<Series> series,
      List<GmvForecast.Example> examples,
      List<Integer> origins,
      GmvSettings settings) {
    Map<Integer, List<GmvForecast.Example>> originExamples = new LinkedHashMap<>();
    for (int origin : origins) {
      originExamples.put(origin, GmvForecast.originExamples(series, origin, settings));
    }
    Map<Integer, double[]> predictions =
        modelPredictions(spark, series, examples, originExamples, settings);
    Map<GmvForecast.Forecaster, Map<Integer, double[]>> forecasts =
        new EnumMap<>(GmvForecast.Forecaster.class);
    Map<GmvForecast.Forecaster, Map<Integer, List<Intervals.Residual>>> residuals =
        new EnumMap<>(GmvForecast.Forecaster.class);
    for (GmvForecast.Forecaster forecaster : GmvForecast.Forecaster.values()) {
      Map<Integer, double[]> byOrigin = new LinkedHashMap<>();
      Map<Integer, List<Intervals.Residual>> errorsByOrigin = new LinkedHashMap<>();
      for (int origin : origins) {
        List<GmvForecast.Example> at = originExamples.get(origin);
        double[] predicted =
            forecaster == GmvForecast.Forecaster.MODEL
                ? predictions.get(origin)
                : forecaster.baselines(series, at);
        List<Intervals.Residual> errors = new ArrayList<>();
        for (int i = 0; i < at.size(); i++) {
          GmvForecast.Example e = at.get(i);
          Series s = series.get(e.series());
          errors.add(
              new Intervals.Residual(
                  s.level(),
                  s.key(),
                  origin,
                  e.horizon(),
                  s.festivalDay(origin + e.horizon()),
                  Intervals.residual(e.actual(), predicted[i], e.scale(), e.dispersion())));
        }
        byOrigin.put(origin, predicted);
        errorsByOrigin.put(origin, errors);
      }
      forecasts.put(forecaster, byOrigin);
      residuals.put(forecaster, errorsByOrigin);
    }
    List<Point> points = new ArrayList<>();
    for (GmvForecast.Forecaster forecaster : GmvForecast.Forecaster.values()) {
      for (int origin : origins) {
        Intervals intervals = Intervals.fit(before(residuals.get(forecaster), origin));
        List<GmvForecast.Forecast> reconciled =
            GmvForecast.reconcile(
                series,
                GmvForecast.forecasts(
                    series,
                    originExamples.get(origin),
                    forecasts.get(forecaster).get(origin),
                    intervals));
        Map<Integer, Double> naiveErrors = new LinkedHashMap<>();
        for (GmvForecast.Forecast f : reconciled) {
          Series s = series.get(f.series());
          points.add(
              new Point(
                  forecaster,
                  f,
                  s.gmv()[origin + f.horizon()],
                  naiveErrors.computeIfAbsent(f.series(), k -> GmvFeatures.naiveError(s, origin))));
        }
      }
    }
    return new Backtest(series, points, residuals);
  }

  /**
   * The model's forecasts at each origin, from a model fitted on the targets up to it. The origins'
   * fits are independent, and on small data a fit's time goes to scheduling more than to computing:
   * running them side by side keeps both cores busy.
   */
  private static Map<Integer, double[]> modelPredictions(
      SparkSession spark,
      List<Series> series,
      List<GmvForecast.Example> examples,
      Map<Integer, List<GmvForecast.Example>> originExamples,
      GmvSettings settings) {
    return Concurrently.all(
        Math.min(originExamples.size(), 3),
        List.copyOf(originExamples.keySet()),
        origin ->
            GmvTrees.fit(spark, series, examples, origin, settings)
                .predict(spark, series, originExamples.get(origin)));
  }

  /** All residuals of {@code forecaster}, every origin's. */
  List<Intervals.Residual> residuals(GmvForecast.Forecaster forecaster) {
    return before(residuals.get(forecaster), Integer.MAX_VALUE);
  }

  private static List<Intervals.Residual> before(
      Map<Integer, List<Intervals.Residual>> residuals, int origin) {
    List<Intervals.Residual> out = new ArrayList<>();
    residuals.forEach(
        (at, errors) -> {
          if (at < origin) {
            out.addAll(errors);
          }
        });
    return out;
  }

  /**
   * Per forecaster and level: WAPE (sum of absolute errors over the sum of actuals), bias (sum of
   * errors over the sum of actuals; positive = over-forecast), MASE (mean absolute error over the
   * in-sample seasonal naive error, averaged) and the share of actuals inside the 80% and 95%
   * intervals, of the points that had one (the first origin's have none; interval_points counts
   * those that had a 95% one); keys {@code forecaster.level.metric}.
   */
  Map<String, Double> metrics() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Series.Level level : Series.Level.values()) {
      for (GmvForecast.Forecaster forecaster : GmvForecast.Forecaster.values()) {
        List<Point> at =
            points.stream()
                .filter(
                    p ->
                        p.forecaster() == forecaster
                            && series.get(p.forecast().series()).level() == level)
                .toList();
        if (at.isEmpty()) {
          continue;
        }
        String prefix = forecaster.label() + "." + level.label() + ".";
        errors(at).forEach((metric, value) -> metrics.put(prefix + metric, value));
        if (forecaster == GmvForecast.Forecaster.MODEL) {
          metrics.put("backtest." + level.label() + ".points", (double) at.size());
        }
      }
    }
    return metrics;
  }

  /**
   * Per forecaster and series (by index): the metrics of {@link #metrics()} over that series'
   * points alone, keys the metric's name, with {@code points} and {@code actual} (the sum of its
   * actuals).
   */
  Map<GmvForecast.Forecaster, Map<Integer, Map<String, Double>>> seriesMetrics() {
    Map<GmvForecast.Forecaster, Map<Integer, List<Point>>> grouped =
        new EnumMap<>(GmvForecast.Forecaster.class);
    for (Point p : points) {
      grouped
          .computeIfAbsent(p.forecaster(), f -> new TreeMap<>())
          .computeIfAbsent(p.forecast().series(), s -> new ArrayList<>())
          .add(p);
    }
    Map<GmvForecast.Forecaster, Map<Integer, Map<String, Double>>> out =
        new EnumMap<>(GmvForecast.Forecaster.class);
    grouped.forEach(
        (forecaster, bySeries) -> {
          Map<Integer, Map<String, Double>> metrics = new TreeMap<>();
          bySeries.forEach(
              (s, at) -> {
                Map<String, Double> m = errors(at);
                m.put("points", (double) at.size());
                m.put("actual", at.stream().mapToDouble(Point::actual).sum());
                metrics.put(s, m);
              });
          out.put(forecaster, metrics);
        });
    return out;
  }

  /** WAPE, bias, MASE, interval_points, coverage_80 and coverage_95 of {@code points}. */
  private static Map<String, Double> errors(List<Point> points) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    double absolute = 0;
    double signed = 0;
    double actual = 0;
    double scaled = 0;
    int scaledPoints = 0;
    int inside80 = 0;
    int inside95 = 0;
    int bounded80 = 0;
    int bounded95 = 0;
    for (Point p : points) {
      double error = p.forecast().point() - p.actual();
      absolute += Math.abs(error);
      signed += error;
      actual += p.actual();
      if (p.naiveError() > 0) {
        scaled += Math.abs(error) / p.naiveError();
        scaledPoints++;
      }
      Intervals.Bounds b = p.forecast().bounds();
      if (b.known80()) {
        bounded80++;
        inside80 += p.actual() >= b.low80() && p.actual() <= b.high80() ? 1 : 0;
      }
      if (b.known95()) {
        bounded95++;
        inside95 += p.actual() >= b.low95() && p.actual() <= b.high95() ? 1 : 0;
      }
    }
    metrics.put("wape", actual > 0 ? absolute / actual : Double.NaN);
    metrics.put("bias", actual > 0 ? signed / actual : Double.NaN);
    metrics.put("mase", scaledPoints > 0 ? scaled / scaledPoints : Double.NaN);
    metrics.put("interval_points", (double) bounded95);
    metrics.put("coverage_80", bounded80 > 0 ? (double) inside80 / bounded80 : Double.NaN);
    metrics.put("coverage_95", bounded95 > 0 ? (double) inside95 / bounded95 : Double.NaN);
    return metrics;
  }
}
