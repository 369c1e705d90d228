package io.livecart.models.repurchase;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ScorerTest {
  private final SparkSession spark = TestSpark.session();

  /**
   * Validation buyers scored above 0.8 all bought, those below 0.1 none did: isotonic calibration
   * maps those bins to 1 and 0. Published, a probability stays short of certainty.
   */
  @Test
  void aProbabilityIsNeverCertain() {
    List<Row> validation = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      double score = i / 100.0;
      boolean bought = score > 0.8 || (score >= 0.1 && i % 2 == 0);
      validation.add(RowFactory.create(score, bought ? 1.0 : 0.0));
    }
    Dataset<Row> rows =
        spark.createDataFrame(
            validation,
            new StructType()
                .add("raw_score", DataTypes.DoubleType)
                .add("label", DataTypes.DoubleType));
    IsotonicRegressionModel calibration =
        new IsotonicRegression()
            .setFeaturesCol("raw_score")
            .setLabelCol("label")
            .setPredictionCol("calibrated")
            .fit(rows);

    List<Row> scored =
        new Scorer(null, calibration)
            .calibrated(rows, new SeasonalShift(null, null, 1.0, "none"))
            .selectExpr("min(probability)", "max(probability)")
            .collectAsList();

    assertThat(scored.get(0).getDouble(0)).isEqualTo(Scorer.MARGIN);
    assertThat(scored.get(0).getDouble(1)).isEqualTo(1 - Scorer.MARGIN);
  }

  /**
   * A model trained by a version that computed a feature this one does not (here {@code
   * mean_gap_days}) names it, through the logistic regression's logarithms too; one trained on
   * today's features names none.
   */
  @Test
  void aModelNamesTheFeaturesThisVersionDoesNotCompute() {
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(
                RowFactory.create(1.0, 3.0, 1.0),
                RowFactory.create(9.0, 1.0, 0.0),
                RowFactory.create(2.0, 4.0, 1.0),
                RowFactory.create(8.0, 2.0, 0.0)),
            new StructType()
                .add("recency_days", DataTypes.DoubleType)
                .add("mean_gap_days", DataTypes.DoubleType)
                .add("label", DataTypes.DoubleType));
    Dataset<Row> logs =
        rows.withColumn(Scorer.LOG + "recency_days", functions.log1p(functions.col("recency_days")))
            .withColumn(
                Scorer.LOG + "mean_gap_days", functions.log1p(functions.col("mean_gap_days")));

    assertThat(scorer(logs, "recency_days", "mean_gap_days").unknownFeatures())
        .containsExactly("mean_gap_days");
    assertThat(
            scorer(logs, Scorer.LOG + "recency_days", Scorer.LOG + "mean_gap_days")
                .unknownFeatures())
        .containsExactly("mean_gap_days");
    assertThat(scorer(logs, "recency_days").unknownFeatures()).isEmpty();
  }

  private static Scorer scorer(Dataset<Row> rows, String... inputs) {
    PipelineModel classifier =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler().setInputCols(inputs).setOutputCol("features"),
                  new LogisticRegression().setMaxIter(5)
                })
            .fit(rows);
    return new Scorer(classifier, null);
  }
}
