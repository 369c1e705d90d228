package io.livecart.models.replenishment;

import io.livecart.core.calendar.BusinessCalendar;
import io.livecart.core.calendar.Festival;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How many times its ordinary daily demand a SKU sees on a day: a weekday factor times a festival
 * phase factor, learnt from the history of all SKUs together (one SKU sees one 双11 a year; the
 * catalogue sees thousands of SKU-days of it).
 *
 * <p>The evidence is each cell's (SKU and warehouse) sales on the days it had stock, against its
 * base: its mean sales over the ordinary in-stock days of the previous {@link #BASE_DAYS} days. A
 * phase's factor is the ratio of the sums over its days, so every festival seen counts, and the
 * first 双11 is read from the 618 and 3.8 before it through the phases they share (the build-up, the
 * last days before the peak, the peak day).
 */
final class DemandCalendar implements Serializable {
  /** Days whose ordinary in-stock sales make a cell's base. */
  static final int BASE_DAYS = 56;

  /** In-stock ordinary days a base needs. */
  static final int BASE_MIN_DAYS = 14;

  /** Where a day stands in the festival calendar ({@link BusinessCalendar}). */
  enum Phase {
    ORDINARY,
    /** A festival window more than three days before its peak. */
    BUILD,
    /** The three days before a peak. */
    RUSH,
    PEAK,
    SPRING_FESTIVAL;

    static Phase of(LocalDate day) {
      Optional<Festival> festival = BusinessCalendar.festival(day);
      if (festival.isEmpty()) {
        return ORDINARY;
      }
      if (festival.get() == Festival.SPRING_FESTIVAL) {
        return SPRING_FESTIVAL;
      }
      if (BusinessCalendar.isPeakDay(day)) {
        return PEAK;
      }
      return BusinessCalendar.daysToPeak(day) <= 3 ? RUSH : BUILD;
    }
  }

  /** No weekday or festival effect: every factor 1. */
  static final DemandCalendar FLAT = new DemandCalendar(ones(7), ones(Phase.values().length));

  private final double[] weekday;
  private final double[] phase;

  DemandCalendar(double[] weekday, double[] phase) {
    this.weekday = weekday.clone();
    this.phase = phase.clone();
  }

  /** The factor of {@code day}. */
  double factor(LocalDate day) {
    return weekday[day.getDayOfWeek().getValue() - 1] * phase[Phase.of(day).ordinal()];
  }

  /** The factors of the {@code days} days from {@code first} on. */
  double[] factors(LocalDate first, int days) {
    double[] out = new double[days];
    for (int d = 0; d < days; d++) {
      out[d] = factor(first.plusDays(d));
    }
    return out;
  }

  double phaseFactor(Phase p) {
    return phase[p.ordinal()];
  }

  double weekdayFactor(int dayOfWeek) {
    return weekday[dayOfWeek - 1];
  }

  /**
   * The calendar of the evidence up to day {@code last}: {@code sales[d]} and {@code base[d]}
   * summed over the cells in stock on day {@code first + d}. Weekday factors come from ordinary
   * days and average 1; a phase's factor is its sales over its weekday-adjusted base, 1 when no day
   * of it is in the evidence.
   */
  static DemandCalendar fit(LocalDate first, double[] sales, double[] base, int last) {
    double[] weekdaySales = new double[7];
    double[] weekdayBase = new double[7];
    for (int d = 0; d <= last && d < sales.length; d++) {
      LocalDate day = first.plusDays(d);
      if (base[d] > 0 && Phase.of(day) == Phase.ORDINARY) {
        weekdaySales[day.getDayOfWeek().getValue() - 1] += sales[d];
        weekdayBase[day.getDayOfWeek().getValue() - 1] += base[d];
      }
    }
    double[] weekday = new double[7];
    double mean = 0;
    for (int w = 0; w < 7; w++) {
      weekday[w] = weekdayBase[w] > 0 ? weekdaySales[w] / weekdayBase[w] : 1;
      mean += weekday[w] / 7;
    }
    for (int w = 0; w < 7; w++) {
      weekday[w] = mean > 0 ? weekday[w] / mean : 1;
    }
    int phases = Phase.values().length;
    double[] phaseSales = new double[phases];
    double[] phaseBase = new double[phases];
    for (int d = 0; d <= last && d < sales.length; d++) {
      LocalDate day = first.plusDays(d);
      Phase p = Phase.of(day);
      if (base[d] > 0 && p != Phase.ORDINARY) {
        phaseSales[p.ordinal()] += sales[d];
        phaseBase[p.ordinal()] += base[d] * weekday[day.getDayOfWeek().getValue() - 1];
      }
    }
    double[] phase = ones(phases);
    for (int p = 1; p < phases; p++) {
      if (phaseBase[p] > 0) {
        phase[p] = phaseSales[p] / phaseBase[p];
      }
    }
    return new DemandCalendar(weekday, phase);
  }

  /**
   * Adds a cell's evidence: on each day it ended in stock and had a base, its sales to {@code
   * sales[d]} and its base to {@code base[d]}.
   */
  static void addEvidence(CellHistory cell, double[] sales, double[] base) {
    int days = cell.days();
    double[] ordinarySum = new double[days + 1];
    int[] ordinaryCount = new int[days + 1];
    for (int d = 0; d < days; d++) {
      boolean counts = cell.inStock(d) && Phase.of(cell.date(d)) == Phase.ORDINARY;
      ordinarySum[d + 1] = ordinarySum[d] + (counts ? cell.units()[d] : 0);
      ordinaryCount[d + 1] = ordinaryCount[d] + (counts ? 1 : 0);
    }
    for (int d = 0; d < days; d++) {
      if (!cell.inStock(d)) {
        continue;
      }
      int from = Math.max(0, d - BASE_DAYS);
      int count = ordinaryCount[d] - ordinaryCount[from];
      double sum = ordinarySum[d] - ordinarySum[from];
      if (count >= BASE_MIN_DAYS && sum > 0) {
        sales[d] += cell.units()[d];
        base[d] += sum / count;
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("weekday");
    for (double w : weekday) {
      out.append(String.format(Locale.ROOT, " %.2f", w));
    }
    for (Phase p : Phase.values()) {
      if (p != Phase.ORDINARY) {
        out.append(
            String.format(
                Locale.ROOT, "; %s %.2f", p.name().toLowerCase(Locale.ROOT), phase[p.ordinal()]));
      }
    }
    return out.toString();
  }

  private static double[] ones(int n) {
    double[] out = new double[n];
    Arrays.fill(out, 1.0);
    return out;
  }
}
