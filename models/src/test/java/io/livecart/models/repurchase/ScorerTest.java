package io.livecart.models.repurchase;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
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
}
