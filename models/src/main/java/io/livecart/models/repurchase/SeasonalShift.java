package io.livecart.models.repurchase;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.livecart.core.config.LiveCartConfig;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Carries a calibration fitted on one date to another: a prior shift (Saerens, Latinne and
 * Decaestecker, 2002) by the season. The share of active buyers who pay within the horizon moves
 * with the year (a grocer's December, a shop's 双11): calibrated on the validation date, the model
 * would promise that date's share on every later date. The odds of each probability are multiplied
 * by {@code factor}, the odds of that share on the later date a year earlier over its odds on the
 * calibration date a year earlier, so the months ahead move as they moved last year.
 *
 * <p>The factor is 1 when a year earlier holds fewer than {@code repurchase_min_buyers} active
 * buyers on either date (less than a year of history, or a shop too young then): a share measured
 * on so few is noise, not a season. The share is read with the features' own definitions of an
 * active buyer and of the label ({@link RepurchaseFeatures#query}).
 */
public record SeasonalShift(LocalDate calibratedOn, LocalDate asOf, double factor, String why) {

  /**
   * The shift from a calibration on {@code calibratedOn} to the probabilities as of {@code asOf}.
   */
  static SeasonalShift of(
      SparkSession spark, LiveCartConfig config, LocalDate calibratedOn, LocalDate asOf) {
    if (calibratedOn.equals(asOf)) {
      return none(calibratedOn, asOf, "scored on the calibration date");
    }
    LocalDate from = calibratedOn.minusYears(1);
    LocalDate to = asOf.minusYears(1);
    Date first = spark.sql("SELECT min(order_date) FROM gold.fact_order_lines").first().getDate(0);
    if (first == null || first.toLocalDate().isAfter(from)) {
      return none(
          calibratedOn,
          asOf,
          "no seasonal shift: the order history begins after "
              + from
              + ", a year before "
              + calibratedOn);
    }
    Map<LocalDate, Row> shares = new TreeMap<>();
    for (Row row :
        RepurchaseFeatures.query(spark, config, new TreeSet<>(List.of(from, to)))
            .where(col("active"))
            .groupBy("as_of_date")
            .agg(count(lit(1)), avg(col("label").cast("double")))
            .collectAsList()) {
      shares.put(row.getDate(0).toLocalDate(), row);
    }
    long least = config.modelParameter("repurchase_min_buyers").longValue();
    for (LocalDate day : List.of(from, to)) {
      Row share = shares.get(day);
      if (share == null || share.getLong(1) < least) {
        return none(
            calibratedOn,
            asOf,
            String.format(
                Locale.ROOT,
                "no seasonal shift: %d active buyers on %s, fewer than %d",
                share == null ? 0 : share.getLong(1),
                day,
                least));
      }
    }
    double before = shares.get(from).getDouble(2);
    double after = shares.get(to).getDouble(2);
    if (before <= 0 || before >= 1 || after <= 0 || after >= 1) {
      return none(
          calibratedOn,
          asOf,
          String.format(
              Locale.ROOT,
              "no seasonal shift: a share of %.4f or %.4f a year earlier",
              before,
              after));
    }
    double factor = odds(after) / odds(before);
    return new SeasonalShift(
        calibratedOn,
        asOf,
        factor,
        String.format(
            Locale.ROOT,
            "odds x %.4f: a year earlier %.4f of active buyers paid within the horizon of %s, %.4f"
                + " of %s",
            factor,
            before,
            from,
            after,
            to));
  }

  private static SeasonalShift none(LocalDate calibratedOn, LocalDate asOf, String why) {
    return new SeasonalShift(calibratedOn, asOf, 1.0, why);
  }

  /** {@code probability} with its odds multiplied by the factor. */
  Column apply(Column probability) {
    Column shifted = probability.multiply(factor);
    return shifted.divide(shifted.plus(lit(1.0).minus(probability)));
  }

  private static double odds(double p) {
    return p / (1 - p);
  }
}
