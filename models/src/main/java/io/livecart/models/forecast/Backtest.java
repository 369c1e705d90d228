package io.livecart.models.forecast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.SparkSession;

/**
 * The rolling-origin backtest of the GMV forecast: at each origin, a model fitted only on targets
 * up to the origin forecasts every series over the horizon, next to the two baselines. Each
 * origin's intervals come from the residuals of the other origins (cross-conformal), and its
 * forecasts are reconciled as published ones are, so the metrics measure what a planner would have
 * read.
 */
record Backtest(
    List<Series> series, List<Point> points, Map<Integer, List<Intervals.Residual>> residuals) {

  /** One forecast day of one series at one origin, with the actual and the baselines. */
  record Point(
      GmvForecast.Forecast forecast,
      double actual,
      double seasonalNaive,
      double movingAverage,
      double naiveError) {}

  static Backtest run(
      SparkSession spark,
      List<Series> series,
      List<GmvForecast.Example> examples,
      List<Integer> origins,
      GmvForecast.Settings settings) {
    Map<Integer, List<GmvForecast.Example>> originExamples = new LinkedHashMap<>();
    Map<Integer, double[]> predictions = new LinkedHashMap<>();
    Map<Integer, List<Intervals.Residual>> residuals = new LinkedHashMap<>();
    for (int origin : origins) {
      originExamples.put(origin, GmvForecast.originExamples(series, origin, settings));
    }
    // The origins' fits are independent, and on small data a fit's time goes to scheduling more
    // than to computing: running them side by side keeps both cores busy.
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(origins.size(), 3));
    try {
      Map<Integer, Future<double[]>> running = new LinkedHashMap<>();
      for (int origin : origins) {
        running.put(
            origin,
            pool.submit(
                () ->
                    GmvForecast.predict(
                        spark,
                        series,
                        GmvForecast.fit(spark, series, examples, origin, settings),
                        originExamples.get(origin))));
      }
      for (Map.Entry<Integer, Future<double[]>> r : running.entrySet()) {
        predictions.put(r.getKey(), r.getValue().get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backtesting", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    for (int origin : origins) {
      List<GmvForecast.Example> at = originExamples.get(origin);
      double[] predicted = predictions.get(origin);
      List<Intervals.Residual> errors = new ArrayList<>();
      for (int i = 0; i < at.size(); i++) {
        GmvForecast.Example e = at.get(i);
        errors.add(
            new Intervals.Residual(
                series.get(e.series()).level(),
                e.horizon(),
                series.get(e.series()).festivalDay(origin + e.horizon()),
                (e.actual() - predicted[i]) / Intervals.base(predicted[i], e.scale())));
      }
      residuals.put(origin, errors);
    }
    List<Point> points = new ArrayList<>();
    for (int origin : origins) {
      Intervals intervals = Intervals.fit(others(residuals, origin));
      List<GmvForecast.Example> at = originExamples.get(origin);
      double[] predicted = predictions.get(origin);
      List<GmvForecast.Forecast> forecasts = new ArrayList<>();
      for (int i = 0; i < at.size(); i++) {
        GmvForecast.Example e = at.get(i);
        forecasts.add(
            new GmvForecast.Forecast(
                e.series(),
                origin,
                e.horizon(),
                e.scale(),
                predicted[i],
                intervals.around(
                    series.get(e.series()).level(),
                    e.horizon(),
                    series.get(e.series()).festivalDay(origin + e.horizon()),
                    predicted[i],
                    e.scale())));
      }
      Map<Integer, Double> naiveErrors = new LinkedHashMap<>();
      for (GmvForecast.Forecast f : GmvForecast.reconcile(series, forecasts)) {
        Series s = series.get(f.series());
        points.add(
            new Point(
                f,
                s.gmv()[origin + f.horizon()],
                GmvFeatures.seasonalNaive(s, origin, f.horizon()),
                f.scale(),
                naiveErrors.computeIfAbsent(f.series(), k -> GmvFeatures.naiveError(s, origin))));
      }
    }
    return new Backtest(series, points, residuals);
  }

  /** The residuals of every origin but {@code except} (all of them for an origin not tested). */
  List<Intervals.Residual> residuals(int except) {
    return others(residuals, except);
  }

  private static List<Intervals.Residual> others(
      Map<Integer, List<Intervals.Residual>> residuals, int except) {
    List<Intervals.Residual> out = new ArrayList<>();
    residuals.forEach(
        (origin, errors) -> {
          if (origin != except) {
            out.addAll(errors);
          }
        });
    return out;
  }

  /**
   * Per level, for the model and each baseline: WAPE (sum of absolute errors over the sum of
   * actuals), bias (sum of errors over the sum of actuals; positive = over-forecast) and MASE (mean
   * absolute error over the in-sample seasonal naive error, averaged); for the model also the share
   * of actuals inside its 80% and 95% intervals.
   */
  Map<String, Double> metrics() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Series.Level level : Series.Level.values()) {
      List<Point> at =
          points.stream().filter(p -> series.get(p.forecast().series()).level() == level).toList();
      if (at.isEmpty()) {
        continue;
      }
      errors(metrics, "model." + level.label(), at, p -> p.forecast().point());
      errors(metrics, "seasonal_naive." + level.label(), at, Point::seasonalNaive);
      errors(metrics, "moving_average." + level.label(), at, Point::movingAverage);
      metrics.put(
          "model." + level.label() + ".coverage_80",
          share(
              at,
              p ->
                  inside(
                      p.actual(), p.forecast().bounds().low80(), p.forecast().bounds().high80())));
      metrics.put(
          "model." + level.label() + ".coverage_95",
          share(
              at,
              p ->
                  inside(
                      p.actual(), p.forecast().bounds().low95(), p.forecast().bounds().high95())));
      metrics.put("backtest." + level.label() + ".points", (double) at.size());
    }
    return metrics;
  }

  private static void errors(
      Map<String, Double> metrics, String prefix, List<Point> points, ToDoubleFunction<Point> f) {
    double absolute = 0;
    double signed = 0;
    double actual = 0;
    double scaled = 0;
    int scaledPoints = 0;
    for (Point p : points) {
      double error = f.applyAsDouble(p) - p.actual();
      absolute += Math.abs(error);
      signed += error;
      actual += p.actual();
      if (p.naiveError() > 0) {
        scaled += Math.abs(error) / p.naiveError();
        scaledPoints++;
      }
    }
    metrics.put(prefix + ".wape", actual > 0 ? absolute / actual : Double.NaN);
    metrics.put(prefix + ".bias", actual > 0 ? signed / actual : Double.NaN);
    metrics.put(prefix + ".mase", scaledPoints > 0 ? scaled / scaledPoints : Double.NaN);
  }

  private static double inside(double value, double low, double high) {
    return value >= low && value <= high ? 1 : 0;
  }

  private static double share(List<Point> points, ToDoubleFunction<Point> f) {
    return points.stream().mapToDouble(f).average().orElse(Double.NaN);
  }
}
