package io.livecart.models.forecast;

import io.livecart.core.calendar.BusinessCalendar;
import java.time.LocalDate;
import java.util.List;

/**
 * The features of one forecast: a series, an origin day o (the last day known) and a horizon h (the
 * target day is o + h). Everything is read from days up to o, except what is known about the target
 * day in advance: its calendar (weekday, festival, distance to the peak day and to the lunar new
 * year) and, within the published schedule, the live sessions planned for it.
 *
 * <p>Sales features are divided by the series' scale, its mean daily GMV over the 28 days to o, and
 * the model learns the target over the same scale: one model serves the series of a level whatever
 * their size (a global model, as in the M5 competition's winners and mlforecast). The festival is
 * described by what festivals share (a promotion window, the days to its peak day, the distance to
 * the lunar new year) rather than by its name, so that the first 双11 a model meets is read from the
 * 618 and 3.8 it has seen.
 */
final class GmvFeatures {
  /** Days of history a forecast reads. */
  static final int LOOKBACK = 28;

  /** Value of a feature that is not known for this forecast. */
  static final double UNKNOWN = -1;

  static final List<String> COLUMNS =
      List.of(
          "horizon",
          "day_of_week",
          "promotion_window",
          "peak_day",
          "days_to_peak",
          "spring_festival_distance",
          "lag_1",
          "mean_7",
          "mean_14",
          "same_weekday_last",
          "same_weekday_mean_4",
          "ordinary_level",
          "sessions_ratio");

  private GmvFeatures() {}

  /**
   * The series' scale at origin {@code o}: mean daily GMV over the {@link #LOOKBACK} days to o; 0
   * when the lookback is not complete or nothing sold in it (no forecast is learnt or made then).
   */
  static double scale(Series s, int o) {
    if (o < LOOKBACK - 1 || o > s.last()) {
      return 0;
    }
    return mean(s.gmv(), o - LOOKBACK + 1, o);
  }

  /**
   * The series' dispersion at origin {@code o}: the mean absolute deviation of its daily GMV over
   * the {@link #LOOKBACK} days to o from their mean, over that mean (its {@link #scale}); 0 when
   * the scale is. About 0.2 for a series that sells every day, 1 and more for one that sells on a
   * few days.
   */
  static double dispersion(Series s, int o) {
    double scale = scale(s, o);
    if (scale <= 0) {
      return 0;
    }
    double deviations = 0;
    for (int d = o - LOOKBACK + 1; d <= o; d++) {
      deviations += Math.abs(s.gmv()[d] - scale);
    }
    return deviations / LOOKBACK / scale;
  }

  /**
   * The feature vector in {@link #COLUMNS} order, for a series whose {@link #scale} at {@code o} is
   * positive.
   *
   * @param scheduleDays how far ahead the live-session schedule is published: sessions are a
   *     feature for horizons up to this, {@link #UNKNOWN} beyond
   */
  static double[] of(Series s, int o, int h, int scheduleDays) {
    double scale = scale(s, o);
    if (scale <= 0) {
      throw new IllegalArgumentException("no sales in the lookback of " + s.key() + " at " + o);
    }
    double[] y = s.gmv();
    int t = o + h;
    LocalDate target = s.date(t);
    int weeksBack = (h + 6) / 7;
    int sameWeekday = t - 7 * weeksBack;
    double sameWeekdaySum = 0;
    for (int k = 0; k < 4; k++) {
      sameWeekdaySum += y[sameWeekday - 7 * k];
    }
    double ordinarySum = 0;
    int ordinaryDays = 0;
    for (int d = o - LOOKBACK + 1; d <= o; d++) {
      if (BusinessCalendar.festival(s.date(d)).isEmpty()) {
        ordinarySum += y[d];
        ordinaryDays++;
      }
    }
    double sessionsMean = mean(s.sessions(), o - LOOKBACK + 1, o);
    return new double[] {
      h,
      target.getDayOfWeek().getValue(),
      BusinessCalendar.isPromotion(target) ? 1 : 0,
      BusinessCalendar.isPeakDay(target) ? 1 : 0,
      Math.min(BusinessCalendar.daysToPeak(target), 32),
      Math.min(BusinessCalendar.springFestivalDistance(target), 16),
      y[o] / scale,
      mean(y, o - 6, o) / scale,
      mean(y, o - 13, o) / scale,
      y[sameWeekday] / scale,
      sameWeekdaySum / 4 / scale,
      ordinaryDays == 0 ? UNKNOWN : ordinarySum / ordinaryDays / scale,
      h <= scheduleDays && sessionsMean > 0 ? s.sessionsOn(t) / sessionsMean : UNKNOWN
    };
  }

  /** Seasonal naive: the same weekday of the last week known. */
  static double seasonalNaive(Series s, int o, int h) {
    return s.gmv()[o + h - 7 * ((h + 6) / 7)];
  }

  /**
   * MASE's scale at origin o: the mean absolute error of the seasonal naive forecast (lag 7) over
   * the history up to o.
   */
  static double naiveError(Series s, int o) {
    double sum = 0;
    int n = 0;
    for (int d = 7; d <= o; d++) {
      sum += Math.abs(s.gmv()[d] - s.gmv()[d - 7]);
      n++;
    }
    return n == 0 ? 0 : sum / n;
  }

  private static double mean(double[] values, int from, int to) {
    double sum = 0;
    for (int d = from; d <= to; d++) {
      sum += values[d];
    }
    return sum / (to - from + 1);
  }
}
