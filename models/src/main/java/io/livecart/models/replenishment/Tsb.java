package io.livecart.models.replenishment;

import java.io.Serializable;

/**
 * Teunter-Syntetos-Babai (TSB) smoothing of daily demand: the probability that a day has demand is
 * smoothed every day ({@code beta}), the size of a day's demand only on days that have some ({@code
 * alpha}); the forecast is their product. Unlike Croston's method, the probability decays through a
 * run of empty days, so a SKU that stopped selling stops being forecast. For a SKU that sells every
 * day it is simple exponential smoothing.
 *
 * <p>Days the shelf was empty are not observed (the caller skips them): an empty shelf says nothing
 * about demand. The first observations are averaged ({@code 1/n} weights until they fall below the
 * smoothing constants), so no start-up value is guessed. The one-step errors' variance is smoothed
 * alongside, for the safety stock.
 */
final class Tsb implements Serializable {
  /** Smoothing of the squared one-step errors. */
  private static final double VARIANCE_SMOOTHING = 0.05;

  private final double alpha;
  private final double beta;
  private double probability;
  private double size;
  private double variance;
  private int observations;
  private int demandDays;

  Tsb(double alpha, double beta) {
    this.alpha = alpha;
    this.beta = beta;
  }

  Tsb copy() {
    Tsb copy = new Tsb(alpha, beta);
    copy.probability = probability;
    copy.size = size;
    copy.variance = variance;
    copy.observations = observations;
    copy.demandDays = demandDays;
    return copy;
  }

  /** Learns from an observed day's demand (already divided by the day's calendar factor). */
  void observe(double demand) {
    double error = demand - level();
    observations++;
    variance += Math.max(VARIANCE_SMOOTHING, 1.0 / observations) * (error * error - variance);
    probability += Math.max(beta, 1.0 / observations) * ((demand > 0 ? 1 : 0) - probability);
    if (demand > 0) {
      demandDays++;
      size += Math.max(alpha, 1.0 / demandDays) * (demand - size);
    }
  }

  /** Expected demand of an ordinary day. */
  double level() {
    return probability * size;
  }

  /** Standard deviation of an ordinary day's demand around {@link #level()}. */
  double sd() {
    return Math.sqrt(variance);
  }

  /**
   * The share of the one-step error variance ({@link #sd()} squared) that is the error of the level
   * estimate itself, which every day of a lead time shares, the rest being each day's own noise.
   * Exponential smoothing with weight a of a steady level leaves the estimate a variance a/(2 − a)
   * of the noise's, a share a/2 of the one-step error's; an average of the first n days leaves 1/n,
   * a share 1/(n + 1). For TSB, whose level is a smoothed probability times a smoothed size, the
   * larger of the two weights stands for a: exact for a SKU that sells every day, an approximation
   * for intermittent ones.
   */
  double levelShare() {
    if (observations == 0) {
      return 0;
    }
    double smoothing = Math.max(alpha, beta);
    return 1.0 / observations > smoothing ? 1.0 / (observations + 1) : smoothing / 2;
  }

  int observations() {
    return observations;
  }
}
