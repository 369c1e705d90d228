package io.livecart.models.btyd;

import java.io.Serializable;

/**
 * BG/NBD and Gamma-Gamma fitted together on one as-of date's histories: what they say of a
 * customer. Time is in days. {@code spend} is null when no repeat purchase had a positive value (a
 * purchase log without amounts, such as the online grocer's): every purchase is then worth 0.
 */
public record CustomerValue(BgNbd purchases, GammaGamma spend) implements Serializable {
  private static final double DAYS_PER_MONTH = 30;

  /**
   * The customer's value over the next {@code months}: each month's expected purchases times the
   * expected spend per purchase, discounted by {@code monthlyDiscount} per month (as the lifetimes
   * library computes CLV).
   */
  public double lifetimeValue(
      Summary h, Double meanRepeatValue, int months, double monthlyDiscount) {
    if (spend == null) {
      return 0;
    }
    double perPurchase =
        meanRepeatValue == null || h.x() == 0
            ? spend.expectedSpend(0, 0)
            : spend.expectedSpend(h.x(), meanRepeatValue);
    double value = 0;
    double before = 0;
    for (int month = 1; month <= months; month++) {
      double upTo = purchases.expectedPurchases(h, month * DAYS_PER_MONTH);
      value += perPurchase * (upTo - before) / Math.pow(1 + monthlyDiscount, month);
      before = upTo;
    }
    return value;
  }
}
