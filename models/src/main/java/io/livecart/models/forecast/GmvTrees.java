package io.livecart.models.forecast;

import io.livecart.core.Errors;
import io.livecart.models.registry.Registry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The GMV forecast's fitted model: gradient-boosted trees per level, each shared by the level's
 * series, learning a target day's GMV over the series' scale from {@link GmvFeatures}. Fitted by
 * {@link #fit}, saved with its version and loaded by the forecast, which predicts with exactly what
 * the backtest measured and the registry promoted.
 */
record GmvTrees(Map<Series.Level, PipelineModel> levels) {

  /**
   * Fits one model per level on the examples whose target day is {@code lastTarget} or earlier. The
   * series of a level share a model; levels do not, because what moves them differs (an anchor's
   * GMV follows its own sessions, the total hardly notices one room's day off).
   *
   * <p>With {@code gmv_validation_days} above 0, the examples whose target falls in the last that
   * many days are held out of the fit and stop the boosting: it ends at the first round that
   * improves their squared error by less than 1% (MLlib's {@code validationTol}), and the model
   * keeps the rounds up to its best. A level whose examples are all held out, or none, fits every
   * round.
   */
  static GmvTrees fit(
      SparkSession spark,
      List<Series> series,
      List<GmvForecast.Example> examples,
      int lastTarget,
      GmvSettings settings) {
    int validationFrom = lastTarget - settings.validationDays() + 1;
    Map<Series.Level, List<Row>> rows = new EnumMap<>(Series.Level.class);
    for (GmvForecast.Example e : examples) {
      int target = e.origin() + e.horizon();
      if (target <= lastTarget) {
        List<Row> levelRows =
            rows.computeIfAbsent(series.get(e.series()).level(), l -> new ArrayList<>());
        levelRows.add(row(e, levelRows.size(), e.actual() / e.scale(), target >= validationFrom));
      }
    }
    Map<Series.Level, PipelineModel> levels = new EnumMap<>(Series.Level.class);
    rows.forEach(
        (level, levelRows) -> {
          GBTRegressor trees =
              new GBTRegressor()
                  .setLabelCol("label")
                  .setFeaturesCol("features")
                  .setMaxIter(settings.maxIter())
                  .setMaxDepth(settings.maxDepth())
                  .setStepSize(settings.stepSize())
                  .setMinInstancesPerNode(settings.minInstancesPerNode())
                  .setSubsamplingRate(0.8)
                  .setSeed(settings.seed());
          long held = levelRows.stream().filter(r -> r.getBoolean(r.length() - 2)).count();
          if (held > 0 && held < levelRows.size()) {
            trees.setValidationIndicatorCol("validation");
          }
          levels.put(
              level,
              new Pipeline()
                  .setStages(
                      new PipelineStage[] {
                        new VectorAssembler()
                            .setInputCols(GmvFeatures.COLUMNS.toArray(String[]::new))
                            .setOutputCol("features"),
                        trees
                      })
                  .fit(spark.createDataFrame(levelRows, exampleSchema()).coalesce(1)));
        });
    return new GmvTrees(levels);
  }

  /** The models saved under {@code path}, one folder per level. */
  static GmvTrees load(String path) {
    Map<Series.Level, PipelineModel> levels = new EnumMap<>(Series.Level.class);
    for (Series.Level level : Series.Level.values()) {
      levels.put(level, PipelineModel.load(path + "/" + level.label()));
    }
    return new GmvTrees(levels);
  }

  /**
   * The features the levels' models read that {@link GmvFeatures#COLUMNS} no longer holds ({@link
   * Registry#unknownFeatures}).
   */
  List<String> unknownFeatures() {
    return levels.values().stream()
        .flatMap(
            model ->
                Registry.unknownFeatures(model, GmvFeatures.COLUMNS, UnaryOperator.identity())
                    .stream())
        .distinct()
        .toList();
  }

  /** Saves the models under {@code path}, one folder per level. */
  void save(String path) {
    try {
      for (Map.Entry<Series.Level, PipelineModel> model : levels.entrySet()) {
        model.getValue().write().overwrite().save(path + "/" + model.getKey().label());
      }
    } catch (IOException e) {
      throw Errors.cannotWrite(path, e);
    }
  }

  /** The rounds each level's model kept, e.g. {@code total=50, category=50, anchor=50}. */
  String describe() {
    return levels.entrySet().stream()
        .map(
            m ->
                m.getKey().label()
                    + "="
                    + ((GBTRegressionModel) m.getValue().stages()[1]).getNumTrees())
        .collect(Collectors.joining(", "));
  }

  /** The forecasts of {@code examples}, in GMV (never negative), in the same order. */
  double[] predict(SparkSession spark, List<Series> series, List<GmvForecast.Example> examples) {
    double[] out = new double[examples.size()];
    Map<Series.Level, List<Row>> rows = new EnumMap<>(Series.Level.class);
    for (int i = 0; i < examples.size(); i++) {
      GmvForecast.Example e = examples.get(i);
      rows.computeIfAbsent(series.get(e.series()).level(), l -> new ArrayList<>())
          .add(row(e, i, 0, false));
    }
    rows.forEach(
        (level, levelRows) -> {
          PipelineModel model = levels.get(level);
          if (model == null) {
            throw Errors.notEnoughHistory(
                GmvForecast.NAME, "no " + level.label() + " series to learn from");
          }
          for (Row r :
              model
                  .transform(spark.createDataFrame(levelRows, exampleSchema()))
                  .select("row_id", "prediction")
                  .collectAsList()) {
            int i = (int) r.getLong(0);
            out[i] = Math.max(0, r.getDouble(1) * examples.get(i).scale());
          }
        });
    return out;
  }

  private static Row row(GmvForecast.Example e, long id, double label, boolean validation) {
    Object[] values = new Object[GmvFeatures.COLUMNS.size() + 3];
    values[0] = id;
    for (int i = 0; i < e.features().length; i++) {
      values[i + 1] = e.features()[i];
    }
    values[values.length - 2] = validation;
    values[values.length - 1] = label;
    return RowFactory.create(values);
  }

  private static StructType exampleSchema() {
    StructType schema = new StructType().add("row_id", DataTypes.LongType, false);
    for (String column : GmvFeatures.COLUMNS) {
      schema = schema.add(column, DataTypes.DoubleType, false);
    }
    return schema
        .add("validation", DataTypes.BooleanType, false)
        .add("label", DataTypes.DoubleType, false);
  }
}
