package io.livecart.models.forecast;

import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.calendar.BusinessCalendar;
import io.livecart.core.calendar.Festival;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.SqlTemplate;
import io.livecart.core.warehouse.Table;
import io.livecart.models.registry.Registry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GMV forecast (docs/contract.md): daily GMV for the next {@code gmv_horizon_days} at the
 * total, category and anchor levels, with 80% and 95% intervals, coherent across levels.
 *
 * <p>Gradient-boosted trees, one global model per level (shared by the level's series), direct
 * multi-horizon: each example is a series, an origin and a horizon, with the horizon and the target
 * day's calendar as features ({@link GmvFeatures}), so the 28 days come from one model without
 * feeding forecasts back in. Training examples are taken at origins every {@code
 * gmv_train_origin_step_days}.
 *
 * <p>A rolling-origin backtest measures it: at up to {@code gmv_backtest_origins} origins {@code
 * gmv_backtest_step_days} apart, the last one a horizon before the run date, a model trained only
 * on targets up to the origin forecasts the next horizon; seasonal naive (the same weekday of the
 * last week) and the 28-day moving average forecast the same days. Intervals are conformal ({@link
 * Intervals}); an origin's intervals come from the earlier origins' residuals, so the reported
 * coverage is out of sample. The published model is then fitted on everything up to the run date,
 * with intervals from all origins' residuals. It is promoted when its WAPE beats both baselines at
 * every level. Until a version is promoted, the forecast publishes the baseline with the better
 * total-level WAPE of the latest backtest, with its own conformal intervals.
 *
 * <p>Coherence by top-down reconciliation with forecast proportions: each day, the categories'
 * forecasts (bounds too) are scaled by one factor so that they sum to the total's forecast, and so
 * are the anchors'. The total, the level the business plans against and the best-measured series,
 * is kept as the model forecast it.
 */
public final class GmvForecast {
  private static final Logger LOG = LoggerFactory.getLogger(GmvForecast.class);

  public static final String NAME = "gmv_forecast";

  /** Per as-of date, level, series and forecast day: the forecast and its intervals. */
  public static final Table FORECASTS = new Table(Table.ML, "gmv_forecast");

  /** Per training run, series and forecaster: the backtest's accuracy on that series alone. */
  public static final Table BACKTEST_SERIES = new Table(Table.ML, "gmv_backtest_series");

  /** Who forecasts: the model, or one of the baselines it must beat. */
  public enum Forecaster {
    MODEL,
    /** The same weekday of the last week known. */
    SEASONAL_NAIVE,
    /** The mean of the last 28 days (the series' scale). */
    MOVING_AVERAGE;

    /** The forecaster as metrics and the forecast table name it: its name in lower case. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Forecaster of(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** A baseline's forecasts of {@code examples}. */
    double[] baselines(List<Series> series, List<Example> examples) {
      double[] out = new double[examples.size()];
      for (int i = 0; i < out.length; i++) {
        Example e = examples.get(i);
        out[i] =
            switch (this) {
              case SEASONAL_NAIVE ->
                  GmvFeatures.seasonalNaive(series.get(e.series()), e.origin(), e.horizon());
              case MOVING_AVERAGE -> e.scale();
              case MODEL -> throw new IllegalStateException("the model is not a baseline");
            };
      }
      return out;
    }
  }

  private static final StructType INTERVAL_SCHEMA =
      new StructType()
          .add("forecaster", DataTypes.StringType, false)
          .add("level", DataTypes.StringType, false)
          .add("series_key", DataTypes.StringType, true)
          .add("week", DataTypes.IntegerType, false)
          .add("quantiles", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("dispersed", DataTypes.BooleanType, false);

  static final StructType FORECAST_SCHEMA =
      new StructType()
          .add("as_of_date", DataTypes.DateType, false)
          .add("level", DataTypes.StringType, false)
          .add("series_key", DataTypes.StringType, false)
          .add("forecast_date", DataTypes.DateType, false)
          .add("horizon", DataTypes.IntegerType, false)
          .add("festival_label", DataTypes.StringType, true)
          .add("scheduled_sessions", DataTypes.IntegerType, true)
          .add("gmv_forecast", DataTypes.createDecimalType(18, 2), false)
          .add("gmv_lower_80", DataTypes.createDecimalType(18, 2), true)
          .add("gmv_upper_80", DataTypes.createDecimalType(18, 2), true)
          .add("gmv_lower_95", DataTypes.createDecimalType(18, 2), true)
          .add("gmv_upper_95", DataTypes.createDecimalType(18, 2), true)
          .add("forecaster", DataTypes.StringType, false)
          .add("model_version", DataTypes.StringType, false);

  private static final StructType BACKTEST_SERIES_SCHEMA =
      new StructType()
          .add("run_date", DataTypes.DateType, false)
          .add("model_version", DataTypes.StringType, false)
          .add("level", DataTypes.StringType, false)
          .add("series_key", DataTypes.StringType, false)
          .add("forecaster", DataTypes.StringType, false)
          .add("points", DataTypes.IntegerType, false)
          .add("actual_gmv", DataTypes.createDecimalType(18, 2), false)
          .add("wape", DataTypes.DoubleType, true)
          .add("bias", DataTypes.DoubleType, true)
          .add("mase", DataTypes.DoubleType, true)
          .add("coverage_80", DataTypes.DoubleType, true)
          .add("coverage_95", DataTypes.DoubleType, true);

  private GmvForecast() {}

  /**
   * One example: a series (by index), origin and horizon, the series' scale and dispersion at the
   * origin ({@link GmvFeatures#scale}, {@link GmvFeatures#dispersion}), its features, and the
   * target day's GMV (NaN when not known yet).
   */
  record Example(
      int series,
      int origin,
      int horizon,
      double scale,
      double dispersion,
      double[] features,
      double actual) {}

  /** One forecast of a series' day, with its interval. */
  record Forecast(
      int series, int origin, int horizon, double scale, double point, Intervals.Bounds bounds) {
    Forecast scaled(double factor) {
      return new Forecast(
          series,
          origin,
          horizon,
          scale,
          point * factor,
          new Intervals.Bounds(
              bounds.low95() * factor,
              bounds.low80() * factor,
              bounds.high80() * factor,
              bounds.high95() * factor));
    }
  }

  /** The series of the hierarchy up to {@code asOf}, all starting on the first day with sales. */
  static List<Series> load(SparkSession spark, LocalDate asOf) {
    List<Row> rows = spark.sql(series(LocalDate.of(1, 1, 1), asOf)).collectAsList();
    if (rows.isEmpty()) {
      return List.of();
    }
    LocalDate first =
        rows.stream().map(r -> r.getDate(2).toLocalDate()).min(LocalDate::compareTo).orElseThrow();
    int days = (int) (asOf.toEpochDay() - first.toEpochDay()) + 1;
    Map<String, double[]> gmv = new TreeMap<>();
    for (Row r : rows) {
      double[] values =
          gmv.computeIfAbsent(r.getString(0) + "\u0000" + r.getString(1), k -> new double[days]);
      values[(int) (r.getDate(2).toLocalDate().toEpochDay() - first.toEpochDay())] = r.getDouble(3);
    }
    List<Row> sessionRows =
        spark.sql(SqlTemplate.render("models", "gmv_sessions", Map.of())).collectAsList();
    int sessionDays =
        Math.max(
            days,
            sessionRows.stream()
                    .mapToInt(
                        r -> (int) (r.getDate(0).toLocalDate().toEpochDay() - first.toEpochDay()))
                    .max()
                    .orElse(0)
                + 1);
    double[] allSessions = new double[sessionDays];
    Map<String, double[]> anchorSessions = new HashMap<>();
    for (Row r : sessionRows) {
      int day = (int) (r.getDate(0).toLocalDate().toEpochDay() - first.toEpochDay());
      if (day < 0) {
        continue;
      }
      allSessions[day] += r.getLong(2);
      anchorSessions.computeIfAbsent(r.getString(1), k -> new double[sessionDays])[day] +=
          r.getLong(2);
    }
    List<Series> series = new ArrayList<>();
    gmv.forEach(
        (id, values) -> {
          String[] parts = id.split("\u0000", 2);
          Series.Level level = Series.Level.of(parts[0]);
          double[] sessions =
              level == Series.Level.ANCHOR && !parts[1].equals(Series.NOT_LIVE_KEY)
                  ? anchorSessions.getOrDefault(parts[1], new double[sessionDays])
                  : allSessions;
          series.add(new Series(level, parts[1], first, values, sessions));
        });
    series.sort(
        (a, b) ->
            a.level() != b.level() ? a.level().compareTo(b.level()) : a.key().compareTo(b.key()));
    return series;
  }

  /** The query of the hierarchy's daily GMV from {@code from} to {@code asOf}. */
  public static String series(LocalDate from, LocalDate asOf) {
    return SqlTemplate.render(
        "models",
        "gmv_series",
        Map.of("from", SqlDates.literal(from), "as_of", SqlDates.literal(asOf)));
  }

  /** Why a night should not train the model, if it should not. */
  public static Optional<String> whyNotTrain(
      SparkSession spark, LiveCartConfig config, LocalDate runDate) {
    GmvSettings settings = GmvSettings.of(config);
    LocalDate needed =
        runDate.minusDays(
            settings.horizon()
                + settings.originStep()
                + GmvFeatures.LOOKBACK
                - 1
                + settings.minTrainDays());
    Optional<String> history =
        Registry.whyNotTrain(
            spark,
            config,
            NAME,
            runDate,
            needed,
            "a backtest of two origins",
            path -> GmvTrees.load(path).unknownFeatures());
    if (history.isPresent()) {
      return history;
    }
    boolean valued =
        spark
            .sql(
                String.format(
                    "SELECT coalesce(max(pay_amount) > 0, false) FROM gold.fact_order_lines"
                        + " WHERE is_paid"
                        + " AND paid_date BETWEEN %s AND %s",
                    SqlDates.literal(needed), SqlDates.literal(runDate)))
            .first()
            .getBoolean(0);
    return valued
        ? Optional.empty()
        : Optional.of(
            String.format(
                "every paid order from %s to %s is worth 0.00: there is no GMV to forecast (a"
                    + " purchase log without amounts)",
                needed, runDate));
  }

  /** Backtests, fits and registers a model for {@code runDate}; promotes it if it earns it. */
  public static Registry.Trained train(
      SparkSession spark, LiveCartConfig config, LocalDate runDate, String runId) {
    long start = System.nanoTime();
    GmvSettings settings = GmvSettings.of(config);
    List<Series> series = load(spark, runDate);
    if (series.isEmpty()) {
      throw Errors.notEnoughHistory(NAME, "no paid orders up to " + runDate);
    }
    int last = series.get(0).last();
    List<Integer> origins = settings.backtestOrigins(last);
    if (origins.size() < 2) {
      throw Errors.notEnoughHistory(
          NAME,
          String.format(
              "a backtest needs two origins with %d days of history before them; the history runs"
                  + " from %s",
              GmvFeatures.LOOKBACK - 1 + settings.minTrainDays(), series.get(0).first()));
    }
    List<Example> examples = trainingExamples(series, settings, last);
    Backtest backtest = Backtest.run(spark, series, examples, origins, settings);
    Map<String, Double> metrics = backtest.metrics();
    String version = Registry.version(NAME, runDate);
    Optional<Registry.Champion> champion =
        Registry.champion(spark, config, NAME, runDate, version)
            .map(row -> champion(spark, config, row, series, origins, settings));
    champion.ifPresent(c -> metrics.putAll(c.metrics()));

    GmvTrees trees = GmvTrees.fit(spark, series, examples, last, settings);
    Map<Forecaster, Intervals> intervals = new EnumMap<>(Forecaster.class);
    for (Forecaster forecaster : Forecaster.values()) {
      intervals.put(forecaster, Intervals.fit(backtest.residuals(forecaster)));
    }
    String path = Registry.modelPath(spark, config, version);
    save(spark, trees, intervals, path);

    Registry.Promotion promotion = promotion(metrics, champion);
    Forecaster fallback =
        metrics.get("seasonal_naive.total.wape") <= metrics.get("moving_average.total.wape")
            ? Forecaster.SEASONAL_NAIVE
            : Forecaster.MOVING_AVERAGE;
    if (!promotion.promoted()) {
      promotion =
          promotion.adding(
              String.format(
                  Locale.ROOT,
                  "; without a champion, %s forecasts (backtest total WAPE %.4f)",
                  fallback.label(),
                  metrics.get(fallback.label() + ".total.wape")));
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put(
        "algorithm",
        "gbt_regressor per level, direct multi-horizon, global over the level's series");
    parameters.putAll(settings.parameters());
    parameters.put(
        "backtest_origins",
        String.join(",", origins.stream().map(o -> series.get(0).date(o).toString()).toList()));
    parameters.put("series", Integer.toString(series.size()));
    parameters.put(
        "train_rows",
        Long.toString(examples.stream().filter(e -> e.origin() + e.horizon() <= last).count()));
    parameters.put("intervals", intervals.get(Forecaster.MODEL).toString());
    parameters.put("trees", trees.describe());
    parameters.put("fallback_forecaster", fallback.label());
    champion.ifPresent(c -> parameters.put("champion", c.describe()));
    Registry.Entry entry =
        new Registry.Entry(
            NAME,
            version,
            runId,
            runDate,
            series.get(0).first(),
            runDate,
            series.get(0).date(origins.get(0)),
            series.get(0).date(origins.get(origins.size() - 1)),
            parameters,
            metrics,
            List.of(),
            path,
            promotion);
    writeSeriesAccuracy(spark, config, runDate, version, series, backtest);
    Registry.Trained trained = Registry.record(spark, config, entry);
    Steps.log(
        "gmv forecast train " + runDate + " (" + promotion.reason() + ")", examples.size(), start);
    return trained;
  }

  /** Replaces run date {@code runDate}'s rows of {@code ml.gmv_backtest_series}. */
  private static void writeSeriesAccuracy(
      SparkSession spark,
      LiveCartConfig config,
      LocalDate runDate,
      String version,
      List<Series> series,
      Backtest backtest) {
    List<Row> rows = new ArrayList<>();
    backtest
        .seriesMetrics()
        .forEach(
            (forecaster, bySeries) ->
                bySeries.forEach(
                    (index, m) ->
                        rows.add(
                            RowFactory.create(
                                Date.valueOf(runDate),
                                version,
                                series.get(index).level().label(),
                                series.get(index).key(),
                                forecaster.label(),
                                m.get("points").intValue(),
                                money(m.get("actual")),
                                metric(m.get("wape")),
                                metric(m.get("bias")),
                                metric(m.get("mase")),
                                metric(m.get("coverage_80")),
                                metric(m.get("coverage_95"))))));
    DeltaWrites.replace(
        spark,
        config,
        BACKTEST_SERIES,
        spark.createDataFrame(rows, BACKTEST_SERIES_SCHEMA),
        "run_date = " + SqlDates.literal(runDate),
        "run_date");
  }

  /** A metric rounded to 4 decimals; null for one the points could not give (NaN). */
  private static Double metric(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 10_000) / 10_000.0;
  }

  /**
   * Every training example the history offers: at origins every {@code trainStep} days back from
   * the day before the last, each horizon whose target is known, for series that sold in the
   * origin's lookback.
   */
  static List<Example> trainingExamples(List<Series> series, GmvSettings settings, int last) {
    List<Example> examples = new ArrayList<>();
    for (int o = last - 1; o >= GmvFeatures.LOOKBACK - 1; o -= settings.trainStep()) {
      for (int s = 0; s < series.size(); s++) {
        addExamples(examples, series, s, o, Math.min(settings.horizon(), last - o), settings);
      }
    }
    return examples;
  }

  /** The forecasts of every series that sold in the lookback of {@code origin}. */
  static List<Example> originExamples(List<Series> series, int origin, GmvSettings settings) {
    List<Example> out = new ArrayList<>();
    for (int s = 0; s < series.size(); s++) {
      addExamples(out, series, s, origin, settings.horizon(), settings);
    }
    return out;
  }

  /**
   * Series {@code index}'s examples at origin {@code o} for horizons 1 to {@code horizons}, with
   * its scale and dispersion at o; none when it sold nothing in the origin's lookback.
   */
  private static void addExamples(
      List<Example> out,
      List<Series> series,
      int index,
      int o,
      int horizons,
      GmvSettings settings) {
    Series s = series.get(index);
    double scale = GmvFeatures.scale(s, o);
    if (scale <= 0) {
      return;
    }
    double dispersion = GmvFeatures.dispersion(s, o);
    for (int h = 1; h <= horizons; h++) {
      out.add(
          new Example(
              index,
              o,
              h,
              scale,
              dispersion,
              GmvFeatures.of(s, o, h, settings.scheduleDays()),
              o + h <= s.last() ? s.gmv()[o + h] : Double.NaN));
    }
  }

  /** The forecasts of {@code examples} by {@code points}, with their intervals. */
  static List<Forecast> forecasts(
      List<Series> series, List<Example> examples, double[] points, Intervals intervals) {
    List<Forecast> out = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      Example e = examples.get(i);
      Series s = series.get(e.series());
      out.add(
          new Forecast(
              e.series(),
              e.origin(),
              e.horizon(),
              e.scale(),
              points[i],
              intervals.around(
                  s.level(),
                  s.key(),
                  e.horizon(),
                  s.festivalDay(e.origin() + e.horizon()),
                  points[i],
                  e.scale(),
                  e.dispersion())));
    }
    return out;
  }

  /**
   * Top-down reconciliation with forecast proportions: per origin and horizon, the category and the
   * anchor forecasts are each scaled to sum to the total's.
   */
  static List<Forecast> reconcile(List<Series> series, List<Forecast> forecasts) {
    Map<Long, Double> totals = new HashMap<>();
    Map<Long, Double> sums = new HashMap<>();
    for (Forecast f : forecasts) {
      Series.Level level = series.get(f.series()).level();
      long key = key(f, level);
      if (level == Series.Level.TOTAL) {
        totals.merge(key(f, Series.Level.CATEGORY), f.point(), Double::sum);
        totals.merge(key(f, Series.Level.ANCHOR), f.point(), Double::sum);
      } else {
        sums.merge(key, f.point(), Double::sum);
      }
    }
    List<Forecast> out = new ArrayList<>(forecasts.size());
    for (Forecast f : forecasts) {
      Series.Level level = series.get(f.series()).level();
      if (level == Series.Level.TOTAL) {
        out.add(f);
        continue;
      }
      long key = key(f, level);
      double sum = sums.getOrDefault(key, 0.0);
      Double total = totals.get(key);
      out.add(total == null || sum <= 0 ? f : f.scaled(total / sum));
    }
    return out;
  }

  private static long key(Forecast f, Series.Level level) {
    return ((long) f.origin() * 1000 + f.horizon()) * 4 + level.ordinal();
  }

  /**
   * The champion, refitted with its settings on tonight's backtest (the same origins and horizon):
   * its WAPE per level as {@code champion.<level>.wape}.
   */
  private static Registry.Champion champion(
      SparkSession spark,
      LiveCartConfig config,
      Row champion,
      List<Series> series,
      List<Integer> origins,
      GmvSettings tonight) {
    GmvSettings its =
        GmvSettings.of(config, champion.getJavaMap(champion.fieldIndex("parameters")))
            .measuredAs(tonight);
    return Registry.Champion.refitted(
        champion.getAs("version"),
        its.parameters(),
        tonight.parameters(),
        () -> {
          Map<String, Double> metrics = new LinkedHashMap<>();
          List<Example> examples = trainingExamples(series, its, series.get(0).last());
          Backtest.run(spark, series, examples, origins, its)
              .metrics()
              .forEach(
                  (key, value) -> {
                    if (key.startsWith("model.") && key.endsWith(".wape")) {
                      metrics.put("champion." + key.substring("model.".length()), value);
                    }
                  });
          return metrics;
        });
  }

  /**
   * Why the model is or is not promoted: its WAPE must beat the champion's refit, then both
   * baselines, at every level.
   */
  static Registry.Promotion promotion(
      Map<String, Double> metrics, Optional<Registry.Champion> champion) {
    List<String> wins = new ArrayList<>();
    for (Series.Level level : Series.Level.values()) {
      Double model = metrics.get("model." + level.label() + ".wape");
      if (model == null) {
        continue;
      }
      Double refit = metrics.get("champion." + level.label() + ".wape");
      if (refit != null && model >= refit) {
        return Registry.Promotion.rejected(
            String.format(
                Locale.ROOT,
                "%s WAPE %.4f does not beat the champion %s (%.4f)",
                level.label(),
                model,
                champion.orElseThrow().describe(),
                refit));
      }
      for (Forecaster baseline : List.of(Forecaster.SEASONAL_NAIVE, Forecaster.MOVING_AVERAGE)) {
        String rival = baseline.label();
        double other = metrics.get(rival + "." + level.label() + ".wape");
        if (model >= other) {
          return Registry.Promotion.rejected(
              String.format(
                  Locale.ROOT,
                  "%s WAPE %.4f does not beat %s (%.4f)",
                  level.label(),
                  model,
                  rival,
                  other));
        }
      }
      wins.add(
          String.format(
              Locale.ROOT,
              "%s WAPE %.4f (seasonal naive %.4f%s)",
              level.label(),
              model,
              metrics.get("seasonal_naive." + level.label() + ".wape"),
              refit == null ? "" : String.format(Locale.ROOT, ", champion %.4f", refit)));
    }
    return Registry.Promotion.promoted(
        "beats seasonal naive and the moving average"
            + champion.map(c -> " and the champion " + c.describe()).orElse("")
            + " at every level; "
            + String.join(", ", wins));
  }

  /**
   * Forecasts the next horizon from {@code asOf} with the champion and replaces the date's
   * partition of {@code ml.gmv_forecast}. Without a champion, or with one that reads features this
   * version does not compute (trained by another version of livecart), the baseline that won the
   * latest version's backtest forecasts, and the table's {@code forecaster} says so.
   */
  public static DeltaWrites.Written forecast(
      SparkSession spark, LiveCartConfig config, LocalDate asOf) {
    long start = System.nanoTime();
    Optional<Row> champion = Registry.champion(spark, config, NAME, asOf, "");
    Optional<GmvTrees> trees = champion.map(c -> GmvTrees.load(c.getAs("model_path")));
    List<String> unknown = trees.map(GmvTrees::unknownFeatures).orElse(List.of());
    if (!unknown.isEmpty()) {
      LOG.warn(
          "gmv forecast: the champion {} reads features this version does not compute ({}):"
              + " the latest version's baseline forecasts until a version trained by this one is"
              + " promoted",
          champion.get().<String>getAs("version"),
          String.join(", ", unknown));
      champion = Optional.empty();
    }
    Row version =
        champion
            .or(() -> Registry.latest(spark, config, NAME, asOf))
            .orElseThrow(() -> Errors.noChampion(NAME));
    Map<String, String> recorded = version.getJavaMap(version.fieldIndex("parameters"));
    Forecaster forecaster =
        champion.isPresent()
            ? Forecaster.MODEL
            : Forecaster.of(recorded.get("fallback_forecaster"));
    GmvSettings settings = GmvSettings.of(config, recorded);
    String path = version.getAs("model_path");
    List<Series> series = load(spark, asOf);
    if (series.isEmpty()) {
      throw Errors.notEnoughHistory(NAME, "no paid orders up to " + asOf);
    }
    int origin = series.get(0).last();
    List<Example> examples = originExamples(series, origin, settings);
    double[] points;
    if (forecaster == Forecaster.MODEL) {
      points = trees.orElseThrow().predict(spark, series, examples);
    } else {
      points = forecaster.baselines(series, examples);
    }
    List<Forecast> forecasts =
        forecasts(series, examples, points, loadIntervals(spark, path, forecaster));
    String modelVersion = version.getAs("version");
    List<Row> rows = new ArrayList<>();
    for (Forecast f : reconcile(series, forecasts)) {
      Series s = series.get(f.series());
      LocalDate day = s.date(origin + f.horizon());
      rows.add(
          RowFactory.create(
              Date.valueOf(asOf),
              s.level().label(),
              s.key(),
              Date.valueOf(day),
              f.horizon(),
              BusinessCalendar.festival(day).map(Festival::label).orElse(null),
              f.horizon() <= settings.scheduleDays()
                  ? Integer.valueOf((int) s.sessionsOn(origin + f.horizon()))
                  : null,
              money(f.point()),
              money(f.bounds().low80()),
              money(f.bounds().high80()),
              money(f.bounds().low95()),
              money(f.bounds().high95()),
              forecaster.label(),
              modelVersion));
    }
    DeltaWrites.Written written =
        DeltaWrites.replace(
            spark,
            config,
            FORECASTS,
            spark.createDataFrame(rows, FORECAST_SCHEMA),
            "as_of_date = " + SqlDates.literal(asOf),
            "as_of_date");
    Steps.log("gmv forecast " + asOf, written.rows(), start);
    return written;
  }

  /** CNY to the fen; null for a bound too few residuals could set. */
  private static BigDecimal money(double value) {
    return Double.isNaN(value) ? null : BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
  }

  /** Saves {@code trees} and each forecaster's intervals under {@code path}. */
  private static void save(
      SparkSession spark, GmvTrees trees, Map<Forecaster, Intervals> intervals, String path) {
    trees.save(path);
    List<Row> rows = new ArrayList<>();
    intervals.forEach(
        (forecaster, fitted) ->
            fitted
                .quantiles()
                .forEach(
                    (scope, buckets) -> {
                      for (int b = 0; b < buckets.length; b++) {
                        List<Double> q = new ArrayList<>();
                        for (double v : buckets[b]) {
                          q.add(v);
                        }
                        rows.add(
                            RowFactory.create(
                                forecaster.label(),
                                scope.level().label(),
                                scope.series(),
                                b,
                                q,
                                fitted.dispersed()));
                      }
                    }));
    spark
        .createDataFrame(rows, INTERVAL_SCHEMA)
        .coalesce(1)
        .write()
        .mode("overwrite")
        .parquet(path + "/intervals");
  }

  /**
   * The intervals saved with a model; those saved before residuals were divided by the series'
   * dispersion (no {@code dispersed} column) keep their meaning, and those saved before series had
   * quantiles of their own (no {@code series_key} column) have their levels'.
   */
  private static Intervals loadIntervals(SparkSession spark, String path, Forecaster forecaster) {
    Dataset<Row> saved = spark.read().parquet(path + "/intervals");
    List<String> columns = Arrays.asList(saved.columns());
    boolean dispersed = columns.contains("dispersed");
    if (!columns.contains("series_key")) {
      saved = saved.withColumn("series_key", functions.lit(null).cast(DataTypes.StringType));
    }
    Map<Intervals.Scope, double[][]> quantiles = new LinkedHashMap<>();
    for (Row r :
        saved
            .where(functions.col("forecaster").equalTo(forecaster.label()))
            .select("level", "series_key", "week", "quantiles")
            .collectAsList()) {
      double[][] buckets =
          quantiles.computeIfAbsent(
              new Intervals.Scope(Series.Level.of(r.getString(0)), r.getString(1)),
              l -> new double[Intervals.FESTIVAL + 1][]);
      buckets[r.getInt(2)] =
          r.<Double>getList(3).stream().mapToDouble(Double::doubleValue).toArray();
    }
    return new Intervals(quantiles, dispersed);
  }
}
