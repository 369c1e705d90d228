package io.livecart.models.btyd;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The Gamma-Gamma spend model of Fader, Hardie and Lee (2005), "RFM and CLV": a customer's
 * transaction values are Gamma(p, nu) around a mean that varies across customers, nu ~ Gamma(q,
 * gamma). Fitted on customers with at least one repeat purchase, by their mean repeat spend;
 * independent of the purchase process (the usual assumption, to check on each data set).
 *
 * @param observedMean the customer-weighted mean of the fitted customers' mean spends: what a
 *     customer without a repeat purchase is expected to spend when q <= 1, where the model's
 *     population mean p·gamma/(q-1) does not exist (spends too heavy-tailed for it)
 */
public record GammaGamma(double p, double q, double gamma, double observedMean)
    implements java.io.Serializable {

  /**
   * What the spend model reads of a customer.
   *
   * @param x repeat purchases (at least one)
   * @param meanSpend the mean value of those repeat purchases
   * @param customers how many customers share it
   */
  public record Spend(int x, double meanSpend, long customers) {
    public Spend {
      if (x < 1 || !(meanSpend > 0) || customers < 1) {
        throw new IllegalArgumentException(
            "spend needs a repeat purchase of positive value: x=" + x + " m=" + meanSpend);
      }
    }
  }

  public static GammaGamma fit(Collection<Spend> spends) {
    if (spends.isEmpty()) {
      throw new IllegalArgumentException(
          "Gamma-Gamma needs at least one customer with a repeat purchase to fit");
    }
    double mean =
        spends.stream().mapToDouble(s -> s.meanSpend() * s.customers()).sum()
            / spends.stream().mapToLong(Spend::customers).sum();
    double[] best =
        MaximumLikelihood.maximise(
            v -> new GammaGamma(v[0], v[1], v[2], mean).logLikelihood(spends),
            new double[] {1, 1, mean});
    return new GammaGamma(best[0], best[1], best[2], mean);
  }

  /**
   * The log-likelihood of {@code spends}, each weighed by its number of customers; the log-gamma
   * terms, which depend on a customer through x alone, are computed once per x.
   */
  public double logLikelihood(Collection<Spend> spends) {
    Map<Integer, Double> byRepeats = new HashMap<>();
    double total = 0;
    for (Spend s : spends) {
      double px = p * s.x();
      total +=
          s.customers()
              * (byRepeats.computeIfAbsent(s.x(), this::repeatsTerm)
                  + (px - 1) * Math.log(s.meanSpend())
                  + px * Math.log(s.x())
                  - (px + q) * Math.log(s.x() * s.meanSpend() + gamma));
    }
    return total;
  }

  /** The terms of a customer's log-likelihood that depend on x repeat purchases alone. */
  private double repeatsTerm(int x) {
    double px = p * x;
    return logGamma(px + q) - logGamma(px) - logGamma(q) + q * Math.log(gamma);
  }

  /**
   * E[value of a transaction] of a customer with {@code x} repeat purchases of mean {@code
   * meanSpend}: the population mean p·gamma/(q-1) shrunk toward the customer's own (x = 0 gives the
   * population mean). Where q <= 1 the population mean does not exist and there is nothing to
   * shrink toward: a customer's own mean is the estimate, and the observed mean for one without a
   * repeat.
   */
  public double expectedSpend(int x, double meanSpend) {
    if (q <= 1) {
      return x > 0 ? meanSpend : observedMean;
    }
    return (p * (gamma + x * meanSpend)) / (p * x + q - 1);
  }
}
