package io.livecart.models.replenishment;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * How late suppliers deliver: the distribution of delivered-to-promised lead-time ratios of the
 * purchase orders seen in the stock snapshots ({@code sql/models/lead_times.sql}). An order still
 * open at the end of the history is censored: its ratio is at least the days it has waited over the
 * promised ones. Dropping open orders would drop the slowest deliveries, so the distribution is the
 * Kaplan-Meier estimate, computed by Efron's redistribution to the right: each censored order hands
 * its weight to the orders that took longer than it has waited; a censored order with none longer
 * keeps its weight at the ratio it has reached (the distribution's tail is then a lower bound).
 * With no order seen, deliveries are taken to be on time. The plan reads the distribution through
 * {@link #QUANTILES} quantiles.
 */
final class LeadTimes implements Serializable {
  static final LeadTimes ON_TIME = new LeadTimes(new double[] {1.0});

  /** Quantiles of the ratios a plan weighs equally. */
  static final int QUANTILES = 20;

  /** The distinct ratios, ascending, and the probability of each. */
  private final double[] ratios;

  private final double[] weights;

  /** The probability of each ratio and every smaller one: the replay's draws search it. */
  private final double[] cumulative;

  private final int delivered;
  private final int open;
  private final double[] quantiles;
  private final double mean;
  private final double sd;

  /** Deliveries seen, none open. */
  LeadTimes(double[] ratios) {
    this(ratios, new double[0]);
  }

  /**
   * @param delivered the ratios of the orders delivered
   * @param open the ratios reached by the orders still open (days waited over days promised)
   */
  LeadTimes(double[] delivered, double[] open) {
    this.delivered = delivered.length;
    this.open = open.length;
    double[][] distribution =
        delivered.length == 0 && open.length == 0
            ? new double[][] {{1.0}, {1.0}}
            : kaplanMeier(delivered, open);
    ratios = distribution[0];
    weights = distribution[1];
    cumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
    int n = Math.min(QUANTILES, Math.max(1, delivered.length + open.length));
    quantiles = new double[n];
    for (int q = 0; q < n; q++) {
      quantiles[q] = quantile((q + 0.5) / n);
    }
    double m = 0;
    for (int i = 0; i < ratios.length; i++) {
      m += weights[i] * ratios[i];
    }
    mean = m;
    double v = 0;
    for (int i = 0; i < ratios.length; i++) {
      v += weights[i] * (ratios[i] - m) * (ratios[i] - m);
    }
    sd = Math.sqrt(v);
  }

  /**
   * The Kaplan-Meier distribution of the ratios by redistribution to the right: observations in
   * ascending order (a delivery before an open order of the same ratio, as Kaplan and Meier order
   * ties), each of weight 1 / n; an open order passes its weight in equal shares to every later
   * observation, or keeps it when it is the last.
   */
  private static double[][] kaplanMeier(double[] delivered, double[] open) {
    int n = delivered.length + open.length;
    double[][] observations = new double[n][];
    for (int i = 0; i < delivered.length; i++) {
      observations[i] = new double[] {delivered[i], 0};
    }
    for (int i = 0; i < open.length; i++) {
      observations[delivered.length + i] = new double[] {open[i], 1};
    }
    Arrays.sort(
        observations,
        Comparator.<double[]>comparingDouble(o -> o[0]).thenComparingDouble(o -> o[1]));
    double[] weight = new double[n];
    Arrays.fill(weight, 1.0 / n);
    for (int i = 0; i < n - 1; i++) {
      if (observations[i][1] == 1) {
        double share = weight[i] / (n - 1 - i);
        for (int j = i + 1; j < n; j++) {
          weight[j] += share;
        }
        weight[i] = 0;
      }
    }
    double[] values = new double[n];
    double[] probabilities = new double[n];
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (weight[i] == 0) {
        continue;
      }
      if (distinct > 0 && values[distinct - 1] == observations[i][0]) {
        probabilities[distinct - 1] += weight[i];
      } else {
        values[distinct] = observations[i][0];
        probabilities[distinct] = weight[i];
        distinct++;
      }
    }
    return new double[][] {Arrays.copyOf(values, distinct), Arrays.copyOf(probabilities, distinct)};
  }

  /** The smallest ratio whose cumulative probability exceeds {@code p}. */
  private double quantile(double p) {
    int at = Arrays.binarySearch(cumulative, p + 1e-12);
    int index = at >= 0 ? at + 1 : -at - 1;
    return ratios[Math.min(index, ratios.length - 1)];
  }

  /** Deliveries seen. */
  int count() {
    return delivered;
  }

  /** Orders still open when they were counted. */
  int openCount() {
    return open;
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
   * A delivery time drawn from the distribution, the same for the same {@code key} and day: a
   * policy replay gives every policy's order of a cell and day the same supplier.
   */
  int draw(int promised, long seed, String key, int day) {
    double ratio =
        quantile(new SplittableRandom(seed * 31 + key.hashCode() * 1_000_003L + day).nextDouble());
    return Math.max(1, (int) Math.round(promised * ratio));
  }
}
