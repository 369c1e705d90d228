package io.livecart.models.replenishment;

import java.io.Serializable;
import org.apache.commons.math3.special.Erf;

/**
 * The reorder rule: reviewed every night (review period R = 1 day, the job's cadence), order when
 * the inventory position falls to the reorder point, up to a level that lasts an order cycle more;
 * the reorder point is set for a target fill rate.
 *
 * <p>An order placed tonight arrives on the morning of day L, so the position must cover the demand
 * of the protection period L − 1 + R = L days. L varies: the plan weighs {@link
 * LeadTimes#QUANTILES} equally likely lead times, the promised one times the ratios suppliers
 * delivered at. Given a lead time, demand over it is normal with the daily forecasts' sum as mean.
 * Its variance has two parts. Each day's own noise adds up: (1 − λ)·σ²·Σf (σ the one-step forecast
 * error, f the days' calendar factors: noise grows with the expected count, as for counts). The
 * error of the level estimate does not: every day of the lead time inherits it, so it grows with
 * the square of the days, λ·σ²·(Σf)², λ being its share of the one-step error ({@link
 * Tsb#levelShare}). Treating the days as independent (the textbook σ·√L) understates the risk of
 * long lead times: at 20 days and a smoothing weight of 0.1, the standard deviation is 40% larger.
 * With late suppliers the mixture over lead times carries the skew of the delays that a normal σ_L
 * would smear over both sides.
 *
 * <p>The fill rate (docs/contract.md: the share of demand served from stock) is 1 − E[shortage per
 * order cycle] / Q, with Q the units an order brings (the cycle's demand, at least the case pack
 * and the MOQ), so the reorder point s is solved from E[(D − s)⁺] = (1 − target)·Q with the normal
 * loss function, rather than from a 95% cycle service level, which would serve nearly all demand of
 * a fast mover and hold stock for it. Safety stock = s − μ (negative when orders are large against
 * the uncertainty, e.g. a big MOQ: the shortage the target allows is then taken at the end of a
 * long cycle). Order-up-to level = s + the demand of the {@code cycleDays} after the expected lead
 * time. When the inventory position (on hand + on order) is at or below s, the order brings it up
 * to the order-up-to level, rounded up to whole cases and at least the MOQ.
 */
record ReorderPolicy(
    int cycleDays, double fillRateA, double fillRateB, double fillRateC, LeadTimes leadTimes)
    implements Serializable {
  /** The plan is reviewed every night. */
  static final int REVIEW_DAYS = 1;

  /**
   * What the policy decides for a cell on a night.
   *
   * @param daily the demand forecast of each day from tomorrow
   * @param leadDays the expected lead time
   * @param demandProtection expected demand over the protection period (all lead times weighed)
   * @param sd its standard deviation
   */
  record Decision(
      double[] daily,
      int leadDays,
      double demandProtection,
      double sd,
      double fillRate,
      double safetyStock,
      double reorderPoint,
      double orderUpTo,
      long order) {}

  /** The target fill rate of an ABC class (B when the class is not known). */
  double fillRate(String abcClass) {
    if ("A".equals(abcClass)) {
      return fillRateA;
    }
    return "C".equals(abcClass) ? fillRateC : fillRateB;
  }

  /** Days of daily forecast a decision needs: the longest lead time weighed, the order cycle. */
  int horizonDays(int promisedLead) {
    return leadTimes.longest(promisedLead) + REVIEW_DAYS - 1 + cycleDays;
  }

  /**
   * @param level expected demand of an ordinary day
   * @param sd standard deviation of the one-step forecast error of an ordinary day
   * @param levelShare the share of its variance that is the level estimate's, shared by every day
   * @param factors calendar factors of the next {@link #horizonDays} days (tomorrow first)
   * @param position on hand plus on order
   */
  Decision decide(
      double level,
      double sd,
      double levelShare,
      double[] factors,
      int promisedLead,
      int casePack,
      int moq,
      double fillRate,
      long position) {
    double[] daily = new double[factors.length];
    double[] cumulative = new double[factors.length + 1];
    double[] cumulativeFactors = new double[factors.length + 1];
    for (int h = 0; h < factors.length; h++) {
      daily[h] = level * factors[h];
      cumulative[h + 1] = cumulative[h] + daily[h];
      cumulativeFactors[h + 1] = cumulativeFactors[h] + factors[h];
    }
    double[] ratios = leadTimes.quantiles();
    double[] means = new double[ratios.length];
    double[] sds = new double[ratios.length];
    double mean = 0;
    double second = 0;
    for (int q = 0; q < ratios.length; q++) {
      double days = Math.max(1, promisedLead * ratios[q]) + REVIEW_DAYS - 1;
      means[q] = partial(cumulative, days);
      double weight = partial(cumulativeFactors, days);
      sds[q] = sd * Math.sqrt((1 - levelShare) * weight + levelShare * weight * weight);
      mean += means[q] / ratios.length;
      second += (sds[q] * sds[q] + means[q] * means[q]) / ratios.length;
    }
    int leadDays = leadTimes.expected(promisedLead);
    int cycleFrom = Math.min(factors.length, leadDays + REVIEW_DAYS - 1);
    double demandCycle =
        cumulative[Math.min(factors.length, cycleFrom + cycleDays)] - cumulative[cycleFrom];
    double orderSize = Math.max(demandCycle, Math.max(casePack, moq));
    double reorderPoint = reorderPoint(means, sds, (1 - fillRate) * orderSize);
    double orderUpTo = reorderPoint + demandCycle;
    long order =
        position <= reorderPoint && orderUpTo > 0
            ? rounded(orderUpTo - position, casePack, moq)
            : 0;
    return new Decision(
        daily,
        leadDays,
        mean,
        Math.sqrt(Math.max(0, second - mean * mean)),
        fillRate,
        reorderPoint - mean,
        reorderPoint,
        orderUpTo,
        order);
  }

  /** The sum of the first {@code days} (fractional) values whose running sums are given. */
  private static double partial(double[] cumulative, double days) {
    int whole = Math.min((int) days, cumulative.length - 1);
    double part =
        whole < cumulative.length - 1
            ? (days - whole) * (cumulative[whole + 1] - cumulative[whole])
            : 0;
    return cumulative[whole] + part;
  }

  /**
   * The smallest stock s ≥ 0 whose expected shortage over the equally likely normal demands (means,
   * sds) is at most {@code shortage}.
   */
  static double reorderPoint(double[] means, double[] sds, double shortage) {
    if (expectedShortage(means, sds, 0) <= shortage) {
      return 0;
    }
    double low = 0;
    double high = 0;
    for (int q = 0; q < means.length; q++) {
      high = Math.max(high, means[q] + 10 * sds[q]);
    }
    for (int i = 0; i < 50; i++) {
      double mid = (low + high) / 2;
      if (expectedShortage(means, sds, mid) > shortage) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return high;
  }

  /** E[(D − s)⁺] for D equally likely normal with the given means and sds. */
  static double expectedShortage(double[] means, double[] sds, double s) {
    double sum = 0;
    for (int q = 0; q < means.length; q++) {
      sum += sds[q] > 0 ? sds[q] * loss((s - means[q]) / sds[q]) : Math.max(0, means[q] - s);
    }
    return sum / means.length;
  }

  /**
   * The naive policy: when the inventory position is below {@code weeks} weeks of {@code average}
   * daily sales, order up to it (whole cases, at least the MOQ). No safety stock, no lead time.
   */
  static Decision naive(
      double average,
      int weeks,
      int leadDays,
      int horizonDays,
      int casePack,
      int moq,
      double fillRate,
      long position) {
    double target = weeks * 7 * average;
    double[] daily = new double[horizonDays];
    java.util.Arrays.fill(daily, average);
    return new Decision(
        daily,
        leadDays,
        average * (leadDays + REVIEW_DAYS - 1),
        Double.NaN,
        fillRate,
        0,
        target,
        target,
        position < target ? rounded(target - position, casePack, moq) : 0);
  }

  /**
   * {@code units} rounded up to whole cases, at least one case and at least the MOQ (itself rounded
   * up to whole cases: a supplier ships cases, whatever the MOQ says).
   */
  static long rounded(double units, int casePack, int moq) {
    int pack = Math.max(1, casePack);
    long cases = Math.max(1, (long) Math.ceil(units / pack - 1e-9));
    long moqCases = (moq + pack - 1) / pack;
    return Math.max(cases, moqCases) * pack;
  }

  /** The standard normal loss function G(z) = φ(z) − z(1 − Φ(z)). */
  static double loss(double z) {
    double density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    double upper = 0.5 * Erf.erfc(z / Math.sqrt(2));
    return density - z * upper;
  }
}
