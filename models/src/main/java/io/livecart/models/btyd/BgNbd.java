package io.livecart.models.btyd;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The BG/NBD model of Fader, Hardie and Lee (2005), "Counting your customers the easy way": while
 * alive, a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha); after each
 * purchase the customer drops out with probability p ~ Beta(a, b). Parameters are in the time unit
 * of the histories they were fitted on.
 */
public record BgNbd(double r, double alpha, double a, double b) implements java.io.Serializable {

  /** The maximum-likelihood parameters for {@code histories}. */
  public static BgNbd fit(Collection<Summary> histories) {
    if (histories.isEmpty()) {
      throw new IllegalArgumentException("BG/NBD needs at least one purchase history to fit");
    }
    double meanAge =
        histories.stream().mapToDouble(h -> h.age() * h.customers()).sum()
            / histories.stream().mapToLong(Summary::customers).sum();
    double[] best =
        MaximumLikelihood.maximise(
            p -> new BgNbd(p[0], p[1], p[2], p[3]).logLikelihood(histories),
            new double[] {1, Math.max(1, meanAge / 10), 1, 1});
    return new BgNbd(best[0], best[1], best[2], best[3]);
  }

  /**
   * The log-likelihood of {@code histories}, each weighed by its number of customers. The terms
   * that depend on a history through its repeat purchases alone are computed once per count: their
   * log-gamma functions were most of a fit's time, at every step of the optimiser.
   */
  public double logLikelihood(Collection<Summary> histories) {
    Map<Integer, Double> byRepeats = new HashMap<>();
    double total = 0;
    for (Summary h : histories) {
      total +=
          h.customers() * logLikelihood(h, byRepeats.computeIfAbsent(h.x(), this::repeatsTerm));
    }
    return total;
  }

  /** The log-likelihood of one customer's history (equation 6 of the paper). */
  public double logLikelihood(Summary h) {
    return logLikelihood(h, repeatsTerm(h.x()));
  }

  /** Equation 6's A1 + A2: what the likelihood of x repeat purchases owes to x alone. */
  private double repeatsTerm(int x) {
    double a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
    double a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
    return a1 + a2;
  }

  private double logLikelihood(Summary h, double repeatsTerm) {
    int x = h.x();
    double a3 = -(r + x) * Math.log(alpha + h.age());
    if (x == 0) {
      return repeatsTerm + a3;
    }
    double a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + h.tx());
    double max = Math.max(a3, a4);
    return repeatsTerm + max + Math.log(Math.exp(a3 - max) + Math.exp(a4 - max));
  }

  /** P(the customer is still alive at the as-of date). */
  public double probabilityAlive(Summary h) {
    if (h.x() == 0) {
      return 1.0;
    }
    return 1.0 / (1.0 + deathOdds(h));
  }

  /**
   * P(at least one purchase in the next {@code t}). A customer drops out only just after a
   * purchase, so one alive at the as-of date who makes none in the next t is still alive; given
   * alive, lambda's posterior is Gamma(r + x, alpha + T).
   */
  public double probabilityOfPurchase(Summary h, double t) {
    double alive = probabilityAlive(h);
    return alive * (1 - Math.pow((alpha + h.age()) / (alpha + h.age() + t), r + h.x()));
  }

  /** E[purchases in the next {@code t}] (equation 10 of the paper). */
  public double expectedPurchases(Summary h, double t) {
    int x = h.x();
    double z = t / (alpha + h.age() + t);
    double hyper = Hypergeometric.f21(r + x, b + x, a + b + x - 1, z);
    double first = (a + b + x - 1) / (a - 1);
    double second = 1 - Math.pow((alpha + h.age()) / (alpha + h.age() + t), r + x) * hyper;
    double denominator = 1 + (x > 0 ? deathOdds(h) : 0);
    return first * second / denominator;
  }

  private double deathOdds(Summary h) {
    int x = h.x();
    return a / (b + x - 1) * Math.pow((alpha + h.age()) / (alpha + h.tx()), r + x);
  }
}
