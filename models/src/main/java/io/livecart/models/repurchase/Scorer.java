package io.livecart.models.repurchase;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import io.livecart.core.Errors;
import io.livecart.models.registry.Registry;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A trained repurchase model: the classifier (feature assembly and gradient-boosted trees) and the
 * isotonic calibration fitted on the validation date, which maps the classifier's score to a
 * probability. Saved as two MLlib models under one folder.
 */
public record Scorer(PipelineModel classifier, IsotonicRegressionModel calibration) {
  /**
   * Published probabilities stay within [0.001, 0.999]. Isotonic calibration gives 1.0 (or 0) to a
   * top (or bottom) bin in which every validation buyer bought (or none did); a few hundred buyers
   * cannot show certainty, and a planner reads 1.0 as certain.
   */
  static final double MARGIN = 0.001;

  /** The prefix of the logistic regression's inputs: the log1p of the feature it names. */
  static final String LOG = "log_";

  /**
   * {@code features} with {@code raw_score} (the classifier's) and {@code probability} added: the
   * calibrated score, carried to the features' date by {@code shift}.
   */
  public Dataset<Row> apply(Dataset<Row> features, SeasonalShift shift) {
    return calibrated(raw(features), shift);
  }

  /** {@code features} with the classifier's uncalibrated P(label), {@code raw_score}. */
  Dataset<Row> raw(Dataset<Row> features) {
    return raw(classifier, features);
  }

  /** {@code features} with {@code classifier}'s uncalibrated P(label), {@code raw_score}. */
  static Dataset<Row> raw(PipelineModel classifier, Dataset<Row> features) {
    Dataset<Row> scored = classifier.transform(features);
    return scored
        .withColumn("raw_score", vector_to_array(col("probability"), "float64").getItem(1))
        .drop("features", "rawPrediction", "probability", "prediction")
        .drop(
            Arrays.stream(scored.columns()).filter(c -> c.startsWith(LOG)).toArray(String[]::new));
  }

  /** Rows with {@code raw_score}, with the calibrated and shifted {@code probability} added. */
  Dataset<Row> calibrated(Dataset<Row> raw, SeasonalShift shift) {
    return calibration
        .transform(raw)
        .withColumn(
            "probability",
            least(greatest(shift.apply(col("calibrated")), lit(MARGIN)), lit(1 - MARGIN)))
        .drop("calibrated");
  }

  /**
   * The features the classifier reads that {@link RepurchaseFeatures#COLUMNS} no longer holds
   * ({@link Registry#unknownFeatures}; the logistic regression's logarithms by their feature).
   */
  List<String> unknownFeatures() {
    return Registry.unknownFeatures(
        classifier,
        RepurchaseFeatures.COLUMNS,
        input -> input.startsWith(LOG) ? input.substring(LOG.length()) : input);
  }

  public void save(String path) {
    try {
      classifier.write().overwrite().save(path + "/classifier");
      calibration.write().overwrite().save(path + "/calibration");
    } catch (IOException e) {
      throw Errors.cannotWrite(path, e);
    }
  }

  public static Scorer load(String path) {
    return new Scorer(
        PipelineModel.load(path + "/classifier"),
        IsotonicRegressionModel.load(path + "/calibration"));
  }
}
