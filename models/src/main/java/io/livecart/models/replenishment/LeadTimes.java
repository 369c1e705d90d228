package io.livecart.models.replenishment;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How late suppliers deliver: the ratios of delivered to promised lead time of the purchase orders
 * seen in the stock snapshots ({@code sql/models/lead_times.sql}). With none seen, deliveries are
 * taken to be on time. The plan reads the distribution through {@link #QUANTILES} quantiles.
 */
final class LeadTimes implements Serializable {
  static final LeadTimes ON_TIME = new LeadTimes(new double[] {1.0});

  /** Quantiles of the ratios a plan weighs equally. */
  static final int QUANTILES = 20;

  private final double[] ratios;
  private final double[] quantiles;
  private final double mean;
  private final double sd;

  LeadTimes(double[] ratios) {
    this.ratios = ratios.length == 0 ? new double[] {1.0} : ratios.clone();
    Arrays.sort(this.ratios);
    int n = this.ratios.length;
    quantiles = new double[Math.min(QUANTILES, n)];
    for (int q = 0; q < quantiles.length; q++) {
      quantiles[q] = this.ratios[(int) ((q + 0.5) / quantiles.length * n)];
    }
    mean = Arrays.stream(this.ratios).average().orElse(1);
    sd = Math.sqrt(Arrays.stream(this.ratios).map(r -> (r - mean) * (r - mean)).sum() / n);
  }

  int count() {
    return ratios.length;
  }

  double meanRatio() {
    return mean;
  }

  double sdRatio() {
    return sd;
  }

  /** Equally likely delivered-to-promised ratios, ascending. */
  double[] quantiles() {
    return quantiles.clone();
  }

  /** The lead time to expect: the promised one times the mean ratio, at least a day. */
  int expected(int promised) {
    return Math.max(1, (int) Math.round(promised * mean));
  }

  /** The longest lead time the plan weighs, at least a day. */
  int longest(int promised) {
    return Math.max(1, (int) Math.ceil(promised * quantiles[quantiles.length - 1]));
  }

  /**
   * A delivery time drawn from the ratios seen, the same for the same {@code key} and day: a policy
   * replay gives every policy's order of a cell and day the same supplier.
   */
  int draw(int promised, long seed, String key, int day) {
    double ratio =
        ratios[
            new SplittableRandom(seed * 31 + key.hashCode() * 1_000_003L + day)
                .nextInt(ratios.length)];
    return Math.max(1, (int) Math.round(promised * ratio));
  }
}
