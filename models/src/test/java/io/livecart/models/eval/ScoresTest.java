package io.livecart.models.eval;

import static org.apache.spark.sql.functions.desc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livecart.core.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ScoresTest {
  /**
   * By hand: 100 users predicted 0.5 of whom 60 bought are 10 buyers over the 50 predicted, against
   * a binomial variance of 25, so 4; 50 users predicted 0.2 of whom 10 bought add nothing; a decile
   * predicted 0 has no variance and is left out of the test. Chi-squared with 2 degrees of freedom:
   * the chance of 4 or more is e^-2. As a whole, 70 buyers against 60 predicted (the decile
   * predicted 0 had none), 10 over a standard deviation of sqrt(25 + 8).
   */
  @Test
  void calibrationComparesTheBuyersObservedWithThosePredicted() {
    Scores.Calibration calibration =
        Scores.calibration(
            List.of(
                new Scores.Decile(1, 100, 0.5, 0.6),
                new Scores.Decile(2, 50, 0.2, 0.2),
                new Scores.Decile(3, 40, 0.0, 0.0)));
    assertThat(calibration.statistic()).isCloseTo(4.0, within(1e-9));
    assertThat(calibration.degreesOfFreedom()).isEqualTo(2);
    assertThat(calibration.pValue()).isCloseTo(Math.exp(-2), within(1e-9));
    assertThat(calibration.observedOverExpected()).isCloseTo(70.0 / 60, within(1e-9));
    assertThat(calibration.levelZ()).isCloseTo(10 / Math.sqrt(33), within(1e-9));
    // 1.74 sd and p = 0.135: neither the level nor the deciles are off
    assertThat(calibration.levelHolds()).isTrue();
    assertThat(calibration.decilesHold()).isTrue();
  }

  /**
   * The same gap of 0.1 is strong evidence in deciles of 1,000 users and none in deciles of 20:
   * what a reliability table says depends on its deciles' sizes.
   */
  @Test
  void theSameGapMeansLessInSmallerDeciles() {
    Scores.Calibration large = Scores.calibration(List.of(new Scores.Decile(1, 1000, 0.5, 0.6)));
    Scores.Calibration small = Scores.calibration(List.of(new Scores.Decile(1, 20, 0.5, 0.6)));
    assertThat(large.pValue()).isLessThan(1e-9);
    assertThat(large.decilesHold()).isFalse();
    assertThat(large.levelHolds()).isFalse();
    assertThat(small.pValue()).isGreaterThan(0.3);
    assertThat(small.decilesHold()).isTrue();
    assertThat(small.levelHolds()).isTrue();
  }

  /**
   * By hand, four users scored 0.9 (bought), 0.8, 0.7 (bought), 0.6: of the four buyer and
   * non-buyer pairs, three rank the buyer first (ROC AUC 0.75); the precision-recall curve through
   * (0, 1), (0.5, 1), (0.5, 0.5), (1, 2/3) and (1, 0.5) encloses 0.5 + 0.5 * (0.5 + 2/3) / 2 =
   * 19/24; the top decile (the first user) buys at twice the base rate of 0.5.
   */
  @Test
  void rankingMetricsOfFourUsers() {
    Map<String, Double> metrics =
        Scores.of(
            TestSpark.session()
                .sql(
                    "SELECT * FROM VALUES (1, 0.9D, true), (2, 0.8D, false), (3, 0.7D, true),"
                        + " (4, 0.6D, false) AS t(user_id, score, bought)"),
            "score",
            "bought",
            true);
    assertThat(metrics.get("roc_auc")).isCloseTo(0.75, within(1e-12));
    assertThat(metrics.get("pr_auc")).isCloseTo(19.0 / 24, within(1e-12));
    assertThat(metrics.get("top_decile_lift")).isCloseTo(2.0, within(1e-12));
    assertThat(metrics.get("base_rate")).isCloseTo(0.5, within(1e-12));
    // (0.1^2 + 0.8^2 + 0.3^2 + 0.6^2) / 4
    assertThat(metrics.get("brier")).isCloseTo(0.275, within(1e-12));
  }

  /**
   * Twenty users tied on one score, the first ten buyers: whichever order the rows arrive in, the
   * deciles cut the tie the same way, so a rerun publishes the same table and the same lift (in
   * arrival order, the first decile would hold two buyers one way and none the other). The cut
   * depends on the users alone: rows may carry columns of any type (a map cannot be hashed).
   */
  @Test
  void tiesAreCutTheSameWayWhateverOrderTheRowsArriveIn() {
    Dataset<Row> buyersFirst =
        TestSpark.session()
            .sql(
                "SELECT id AS user_id, 0.5D AS score, id < 10 AS bought, map('k', id) AS extra"
                    + " FROM range(20)")
            .coalesce(1);
    Dataset<Row> buyersLast = buyersFirst.orderBy(desc("user_id")).coalesce(1);
    List<Scores.Decile> deciles = Scores.deciles(buyersFirst, "score", "score", "bought");
    assertThat(deciles).hasSize(10);
    assertThat(Scores.deciles(buyersLast, "score", "score", "bought")).isEqualTo(deciles);
    assertThat(Scores.of(buyersLast, "score", "bought", true))
        .isEqualTo(Scores.of(buyersFirst, "score", "bought", true));
  }
}
