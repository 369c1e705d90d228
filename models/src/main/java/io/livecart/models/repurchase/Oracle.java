package io.livecart.models.repurchase;

import static org.apache.spark.sql.functions.col;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.models.eval.Scores;
import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The generator's truth about repurchase (generated worlds only): each user's true probability of
 * buying in the 30 days after an as-of date, as the generator wrote it under {@code
 * <truth>/repurchase/as_of=D/}. An evaluation reads it to say how far the model is from the best
 * any model could do.
 */
final class Oracle {
  private Oracle() {}

  /** The true probabilities of {@code asOf}, when the truth folder has them. */
  static Optional<Dataset<Row>> of(SparkSession spark, LiveCartConfig config, LocalDate asOf) {
    Path folder = new Path(config.truth() + "/repurchase/as_of=" + asOf);
    try {
      if (!folder.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(folder)) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(
        spark
            .read()
            .option("header", "true")
            .schema("user_id STRING, alive BOOLEAN, rate_30d DOUBLE, p_buy_30d DOUBLE")
            .csv(folder.toString()));
  }

  /**
   * The oracle's ROC AUC on the evaluated users (what a perfect model of the generator scores), and
   * the correlation of the model's probability with the true one.
   */
  static Map<String, Double> compare(Dataset<Row> evaluated, Dataset<Row> truth) {
    Dataset<Row> joined =
        evaluated
            .select("user_id", "probability", "label")
            .join(truth.select("user_id", "p_buy_30d"), "user_id")
            .cache();
    Map<String, Double> metrics = new LinkedHashMap<>();
    Scores.of(joined, "p_buy_30d", "label", true)
        .forEach((name, value) -> metrics.put("oracle." + name, value));
    metrics.put(
        "oracle.correlation",
        joined
            .select(col("probability"), col("p_buy_30d"))
            .stat()
            .corr("probability", "p_buy_30d"));
    joined.unpersist();
    return metrics;
  }
}
