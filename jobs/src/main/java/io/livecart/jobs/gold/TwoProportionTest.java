package io.livecart.jobs.gold;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.types.DataTypes;

/**
 * The two-sided two-proportion z-test with pooled variance, as the SQL function {@code
 * two_proportion_p_value(successes_a, trials_a, successes_b, trials_b)} of the gold SQL ({@code
 * gold.promo_ab}).
 */
final class TwoProportionTest {
  static final String NAME = "two_proportion_p_value";

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  private TwoProportionTest() {}

  /**
   * The p-value of "both arms convert at the same rate": null when an arm has no trial, 1 when
   * every trial of both arms succeeded or none did (no variance, no difference).
   */
  static Double pValue(long successesA, long trialsA, long successesB, long trialsB) {
    if (trialsA <= 0 || trialsB <= 0) {
      return null;
    }
    double pooled = (double) (successesA + successesB) / (trialsA + trialsB);
    double variance = pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB);
    if (variance == 0) {
      return 1.0;
    }
    double z =
        ((double) successesA / trialsA - (double) successesB / trialsB) / Math.sqrt(variance);
    return 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z));
  }

  /** Registers the function once per session (again would log a warning each build). */
  static void register(SparkSession spark) {
    if (spark.catalog().functionExists(NAME)) {
      return;
    }
    spark
        .udf()
        .register(
            NAME,
            (UDF4<Long, Long, Long, Long, Double>)
                (successesA, trialsA, successesB, trialsB) ->
                    successesA == null || trialsA == null || successesB == null || trialsB == null
                        ? null
                        : pValue(successesA, trialsA, successesB, trialsB),
            DataTypes.DoubleType);
  }
}
