package io.livecart.models.eval;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.ntile;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import scala.Tuple2;

/**
 * How well a score ranks and, for a probability, how well it is calibrated, against a 0/1 label:
 * ROC AUC, PR AUC, lift of the top decile, Brier score, the reliability table by decile and its
 * Hosmer-Lemeshow test.
 */
public final class Scores {
  /** The column naming the user of a row: the rows scored are users, one row each. */
  public static final String USER = "user_id";

  private Scores() {}

  /** One decile of a reliability table (decile 1 holds the highest scores). */
  public record Decile(int decile, long users, double meanPredicted, double observedRate) {}

  /**
   * How well the probabilities of a reliability table hold, as a whole and decile by decile.
   *
   * <p>{@code observedOverExpected}: the buyers observed over those predicted (the sum of the
   * probabilities), 1 when the level is right (calibration in the large); {@code levelZ} how many
   * binomial standard deviations the observed buyers are from the predicted ones.
   *
   * <p>The Hosmer-Lemeshow test: {@code statistic} sums, over the deciles, the squared gap between
   * the buyers observed and those predicted over the binomial variance the prediction implies;
   * {@code pValue} is the chance that a calibrated model's table, with deciles of the same sizes,
   * shows a statistic as large (chi-squared with one degree of freedom per decile: the table is
   * read on a holdout the model and its calibration never saw: Hosmer, Lemeshow and Sturdivant,
   * Applied Logistic Regression, 2013, on assessing fit in a validation sample). A small p-value
   * says the deciles are off by more than their sizes explain; a gap of a few points in deciles of
   * 50 users is not evidence of it.
   */
  public record Calibration(
      double observedOverExpected,
      double levelZ,
      double statistic,
      int degreesOfFreedom,
      double pValue) {
    /** The level holds: the observed buyers are within two standard deviations of the predicted. */
    public boolean levelHolds() {
      return Math.abs(levelZ) <= 2;
    }

    /** The deciles hold: their gaps are within what their sizes explain (p of 0.05 or more). */
    public boolean decilesHold() {
      return pValue >= 0.05;
    }
  }

  /**
   * The calibration of {@code deciles}; a decile predicted 0 or 1 for every user has no variance
   * and is left out of the test, with its degree of freedom.
   */
  public static Calibration calibration(List<Decile> deciles) {
    double observed = 0;
    double expected = 0;
    double variance = 0;
    double statistic = 0;
    int groups = 0;
    for (Decile d : deciles) {
      double p = d.meanPredicted();
      observed += d.users() * d.observedRate();
      expected += d.users() * p;
      if (d.users() == 0 || p <= 0 || p >= 1) {
        continue;
      }
      double gap = d.users() * (d.observedRate() - p);
      double binomial = d.users() * p * (1 - p);
      variance += binomial;
      statistic += gap * gap / binomial;
      groups++;
    }
    double pValue =
        groups == 0
            ? Double.NaN
            : 1 - new ChiSquaredDistribution(groups).cumulativeProbability(statistic);
    return new Calibration(
        observed / expected,
        variance > 0 ? (observed - expected) / Math.sqrt(variance) : Double.NaN,
        statistic,
        groups,
        pValue);
  }

  /**
   * The ranking metrics of {@code score} against {@code label} (a boolean column) over users (one
   * row each, named by {@link #USER}), and the Brier score when {@code probability} is true.
   */
  public static Map<String, Double> of(
      Dataset<Row> rows, String score, String label, boolean probability) {
    Dataset<Row> scored =
        rows.select(
                col(score).cast("double").as("score"),
                col(label).cast("double").as("label"),
                tiebreak(rows).as("tiebreak"))
            .cache();
    Map<String, Double> metrics = new LinkedHashMap<>();
    // Both areas from one curve (MLlib's evaluator builds it again for each metric), binned as the
    // evaluator bins it.
    BinaryClassificationMetrics curve =
        new BinaryClassificationMetrics(
            scored
                .javaRDD()
                .map(r -> new Tuple2<Object, Object>(r.getDouble(0), r.getDouble(1)))
                .rdd(),
            new BinaryClassificationEvaluator().getNumBins());
    metrics.put("roc_auc", curve.areaUnderROC());
    metrics.put("pr_auc", curve.areaUnderPR());
    curve.unpersist();
    List<Decile> deciles = deciles(scored, "score", "score", "label", col("tiebreak"));
    double base =
        deciles.stream().mapToDouble(d -> d.observedRate() * d.users()).sum()
            / deciles.stream().mapToLong(Decile::users).sum();
    metrics.put("top_decile_lift", deciles.get(0).observedRate() / base);
    metrics.put("base_rate", base);
    if (probability) {
      metrics.put(
          "brier",
          scored.select(avg(pow(col("score").minus(col("label")), 2))).first().getDouble(0));
    }
    scored.unpersist();
    return metrics;
  }

  /** The mean squared error of {@code probability} against the 0/1 {@code label}. */
  public static double brier(Dataset<Row> rows, String probability, String label) {
    return rows.select(avg(pow(col(probability).minus(col(label).cast("double")), 2)))
        .first()
        .getDouble(0);
  }

  /**
   * Users ranked by {@code rank} (highest first) into ten deciles: size, mean {@code predicted},
   * observed rate of {@code label}. Users tied on {@code rank} (a rule's whole days, a calibrated
   * probability's steps) are ordered by {@link #tiebreak}, so a tie across a decile's edge is cut
   * the same way on every run.
   */
  public static List<Decile> deciles(
      Dataset<Row> rows, String rank, String predicted, String label) {
    return deciles(rows, rank, predicted, label, tiebreak(rows));
  }

  private static List<Decile> deciles(
      Dataset<Row> rows, String rank, String predicted, String label, Column tiebreak) {
    List<Decile> deciles = new ArrayList<>();
    Dataset<Row> ranked =
        rows.withColumn("decile", ntile(10).over(Window.orderBy(desc(rank), tiebreak)))
            .groupBy("decile")
            .agg(
                count("*").as("users"),
                avg(col(predicted).cast("double")).as("mean_predicted"),
                avg(col(label).cast("double")).as("observed"))
            .orderBy("decile");
    for (Row row : ranked.collectAsList()) {
      deciles.add(new Decile(row.getInt(0), row.getLong(1), row.getDouble(2), row.getDouble(3)));
    }
    return deciles;
  }

  /**
   * An order for users tied on a score: a hash of their {@code user_id}, as arbitrary as the order
   * the rows arrive in but the same on every run (that order is not: it is whichever of a shuffle's
   * blocks came first), and whatever other columns the rows carry.
   */
  private static Column tiebreak(Dataset<Row> rows) {
    return xxhash64(rows.col(USER));
  }
}
