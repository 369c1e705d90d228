package io.livecart.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class GmvTreesTest {
  private final SparkSession spark = TestSpark.session();

  /**
   * A champion saved by a version that computed a feature this one does not ({@code lag_365}, say)
   * names it once, whichever levels read it; the forecast then stops with the train command that
   * replaces it instead of an unresolved column.
   */
  @Test
  void aSavedModelNamesTheFeaturesThisVersionDoesNotCompute() {
    Dataset<Row> rows =
        spark.sql(
            "SELECT CAST(id AS DOUBLE) AS horizon, CAST(id % 3 AS DOUBLE) AS lag_365,"
                + " CAST(2 * id AS DOUBLE) AS label FROM range(6)");
    PipelineModel older = fit(rows, "horizon", "lag_365");
    PipelineModel current = fit(rows, "horizon");

    assertThat(
            new GmvTrees(Map.of(Series.Level.TOTAL, older, Series.Level.CATEGORY, older))
                .unknownFeatures())
        .containsExactly("lag_365");
    assertThat(new GmvTrees(Map.of(Series.Level.TOTAL, current)).unknownFeatures()).isEmpty();
  }

  static PipelineModel fit(Dataset<Row> rows, String... inputs) {
    return new Pipeline()
        .setStages(
            new PipelineStage[] {
              new VectorAssembler().setInputCols(inputs).setOutputCol("features"),
              new LinearRegression().setMaxIter(1)
            })
        .fit(rows);
  }
}
