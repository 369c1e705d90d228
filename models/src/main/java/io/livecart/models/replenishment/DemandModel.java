package io.livecart.models.replenishment;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Daily unit demand of a cell: TSB ({@link Tsb}) on the in-stock days' sales divided by the day's
 * calendar factor, times the calendar factor of the day forecast ({@link DemandCalendar}).
 */
record DemandModel(double alpha, double beta, DemandCalendar calendar) implements Serializable {
  /** In-stock days of the last this many a demand class is read from. */
  static final int CLASS_DAYS = 91;

  /** The smoothing state after the cell's days up to {@code through}, in-stock days only. */
  Tsb learn(CellHistory cell, int through) {
    Tsb tsb = new Tsb(alpha, beta);
    for (int d = cell.start(); d <= through && d < cell.days(); d++) {
      if (cell.inStock(d)) {
        tsb.observe(cell.units()[d] / calendar.factor(cell.date(d)));
      }
    }
    return tsb;
  }

  /** The calendar factors of the {@code days} days after {@code day}. */
  double[] factors(LocalDate day, int days) {
    return calendar.factors(day.plusDays(1), days);
  }

  /**
   * The Syntetos-Boylan class of the cell's demand over its last {@link #CLASS_DAYS} in-stock days
   * up to {@code through}: smooth, erratic, intermittent or lumpy by the mean interval between
   * demand days (cut at 1.32) and the squared coefficient of variation of their sizes (cut at
   * 0.49); {@code new} with fewer than 28 such days, {@code no_demand} without a sale.
   */
  static String demandClass(CellHistory cell, int through) {
    int observed = 0;
    int demandDays = 0;
    double sum = 0;
    double squares = 0;
    for (int d = through; d >= cell.start() && observed < CLASS_DAYS; d--) {
      if (cell.inStock(d)) {
        observed++;
        long units = cell.units()[d];
        if (units > 0) {
          demandDays++;
          sum += units;
          squares += (double) units * units;
        }
      }
    }
    if (observed < 28) {
      return "new";
    }
    if (demandDays == 0) {
      return "no_demand";
    }
    double mean = sum / demandDays;
    double cv2 = (squares / demandDays - mean * mean) / (mean * mean);
    boolean intermittent = (double) observed / demandDays >= 1.32;
    boolean erratic = cv2 >= 0.49;
    if (intermittent) {
      return erratic ? "lumpy" : "intermittent";
    }
    return erratic ? "erratic" : "smooth";
  }

  /** The forecasts a backtest compares against demand. */
  enum Forecaster {
    /** This model. */
    MODEL,
    /** The same smoothing fed every day, empty-shelf days as zero demand. */
    CENSORING_BLIND,
    /** The mean of the last 28 days' sales. */
    MOVING_AVERAGE;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Days ahead a backtest forecast covers. */
  static final int EVALUATION_DAYS = 7;

  /** The smoothing of the demand size a fit ({@link #fitErrors}) chooses from. */
  static final double[] ALPHAS = {0.02, 0.05, 0.1, 0.2, 0.3};

  /** The smoothing of the probability of demand a fit chooses from. */
  static final double[] BETAS = {0.01, 0.02, 0.05, 0.1, 0.2, 0.3};

  /** The length of a {@link #fitErrors} array: demand and absolute error per pair. */
  static final int FIT_ERRORS = 2 * ALPHAS.length * BETAS.length;

  /**
   * TSB's smoothing constants and how they were set: fitted ({@link #choose}), with the WAPE that
   * chose them, or as configured (WAPE NaN), {@code basis} saying why.
   */
  record Smoothing(double alpha, double beta, double wape, String basis) {
    static Smoothing configured(double alpha, double beta, String why) {
      return new Smoothing(alpha, beta, Double.NaN, "configured: " + why);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "alpha %s, beta %s (%s)", alpha, beta, basis);
    }
  }

  /**
   * The errors a fit chooses by: for each pair of {@link #ALPHAS} and {@link #BETAS} in turn, the
   * cell's demand and the absolute errors of the model's 7-day forecasts from every 7th day from
   * {@code from - 1} whose days all end by {@code last} ({@link #errors}, against the sales).
   * Summed over the cells ({@link #add}), {@link #choose} picks the pair.
   */
  static double[] fitErrors(CellHistory cell, DemandCalendar calendar, int from, int last) {
    double[] out = new double[FIT_ERRORS];
    double[] factors = calendar.factors(cell.first(), cell.days());
    int i = 0;
    for (double alpha : ALPHAS) {
      for (double beta : BETAS) {
        double[] errors =
            new DemandModel(alpha, beta, calendar).errors(cell, factors, from, last, false);
        out[i++] = errors[0];
        out[i++] = errors[1 + 2 * Forecaster.MODEL.ordinal()];
      }
    }
    return out;
  }

  /** The element-wise sum of two {@link #fitErrors} arrays, into the first. */
  static double[] add(double[] sum, double[] errors) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += errors[i];
    }
    return sum;
  }

  /**
   * TSB's smoothing fitted as exponential smoothing fits its constants, rather than taken as given:
   * of every pair of {@link #ALPHAS} and {@link #BETAS}, the one whose summed {@link #fitErrors}
   * have the lowest WAPE, the first in grid order on a tie unless the configured {@code alpha} and
   * {@code beta} tie with it (the history cannot tell them apart: the configuration stands); those
   * when the fit's weeks had no demand.
   */
  static Smoothing choose(double[] sums, double alpha, double beta) {
    Smoothing best = Smoothing.configured(alpha, beta, "no week to fit on");
    Smoothing configured = null;
    for (int a = 0; a < ALPHAS.length; a++) {
      for (int b = 0; b < BETAS.length; b++) {
        int i = 2 * (a * BETAS.length + b);
        if (sums[i] <= 0) {
          continue;
        }
        double wape = sums[i + 1] / sums[i];
        Smoothing pair =
            new Smoothing(
                ALPHAS[a],
                BETAS[b],
                wape,
                String.format(
                    Locale.ROOT,
                    "7-day WAPE %.4f on the %,.0f units of the weeks before those measured",
                    wape,
                    sums[i]));
        if (Double.isNaN(best.wape()) || pair.wape() < best.wape()) {
          best = pair;
        }
        if (ALPHAS[a] == alpha && BETAS[b] == beta) {
          configured = pair;
        }
      }
    }
    return configured != null && configured.wape() <= best.wape() ? configured : best;
  }

  /**
   * Errors of the {@link #EVALUATION_DAYS}-day demand forecasts of the cell made every {@link
   * #EVALUATION_DAYS} days from {@code from - 1} on: {@code [demand, then per forecaster: sum of
   * absolute errors, sum of errors]}. Against the sales of the origins whose days all ended with
   * stock on the shelf (their sales are their demand), or with {@code truth} against the
   * generator's true demand, skipping the origins whose days lack it (an evaluation: the truth
   * decides nothing that is published).
   */
  double[] errors(CellHistory cell, int from, int last, boolean truth) {
    return errors(cell, calendar.factors(cell.first(), cell.days()), from, last, truth);
  }

  /** {@link #errors}, with the calendar factor of each of the cell's days in {@code factors}. */
  private double[] errors(CellHistory cell, double[] factors, int from, int last, boolean truth) {
    double[] out = new double[1 + 2 * Forecaster.values().length];
    Tsb tsb = new Tsb(alpha, beta);
    Tsb blind = new Tsb(alpha, beta);
    for (int d = cell.start(); d + EVALUATION_DAYS <= last; d++) {
      double demand = cell.units()[d] / factors[d];
      if (cell.inStock(d)) {
        tsb.observe(demand);
      }
      blind.observe(demand);
      if (d < from - 1 || (d - from + 1) % EVALUATION_DAYS != 0) {
        continue;
      }
      double actual = 0;
      double week = 0;
      boolean known = true;
      for (int h = 1; h <= EVALUATION_DAYS; h++) {
        known &= truth ? cell.trueDemand()[d + h] != CellHistory.UNKNOWN : cell.inStock(d + h);
        actual += truth ? cell.trueDemand()[d + h] : cell.units()[d + h];
        week += factors[d + h];
      }
      if (!known) {
        continue;
      }
      double[] forecasts = {
        tsb.level() * week, blind.level() * week, EVALUATION_DAYS * cell.averageSales(d, 28)
      };
      out[0] += actual;
      for (int f = 0; f < forecasts.length; f++) {
        out[1 + 2 * f] += Math.abs(forecasts[f] - actual);
        out[2 + 2 * f] += forecasts[f] - actual;
      }
    }
    return out;
  }

  /**
   * The demand a replay meets: the sales, raised on empty-shelf days to what the model expected
   * that day; with {@code truth}, the generator's true demand where it is known (an evaluation).
   */
  long[] replayDemand(CellHistory cell, boolean truth) {
    long[] out = new long[cell.days()];
    Tsb tsb = new Tsb(alpha, beta);
    for (int d = cell.start(); d < cell.days(); d++) {
      double factor = calendar.factor(cell.date(d));
      long sold = cell.units()[d];
      if (truth && cell.trueDemand()[d] != CellHistory.UNKNOWN) {
        out[d] = cell.trueDemand()[d];
      } else {
        out[d] = cell.inStock(d) ? sold : Math.max(sold, Math.round(tsb.level() * factor));
      }
      if (cell.inStock(d)) {
        tsb.observe(sold / factor);
      }
    }
    return out;
  }
}
