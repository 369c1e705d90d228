package io.livecart.core.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Map;
import java.util.Optional;

/**
 * The Chinese retail calendar: which festival a day belongs to and how strongly it lifts traffic
 * and conversion. The generator draws behaviour from these factors; the date dimension and the
 * forecasting features read the same festival flags, so there is one definition of "a festival
 * day".
 *
 * <p>Festival windows (inclusive): 3.8 from 1 to 8 March; 618 from 1 to 18 June; 双11 from 20
 * October to 11 November; 双12 from 1 to 12 December; each builds up to its peak day. The Spring
 * Festival window runs from 7 days before to 7 days after the lunar new year, when logistics stop
 * and demand dips. Lunar new-year dates are tabulated for 2015-2035; outside that range no day is a
 * Spring Festival day.
 */
public final class BusinessCalendar {
  private static final Map<Integer, LocalDate> LUNAR_NEW_YEAR =
      Map.ofEntries(
          Map.entry(2015, LocalDate.of(2015, 2, 19)),
          Map.entry(2016, LocalDate.of(2016, 2, 8)),
          Map.entry(2017, LocalDate.of(2017, 1, 28)),
          Map.entry(2018, LocalDate.of(2018, 2, 16)),
          Map.entry(2019, LocalDate.of(2019, 2, 5)),
          Map.entry(2020, LocalDate.of(2020, 1, 25)),
          Map.entry(2021, LocalDate.of(2021, 2, 12)),
          Map.entry(2022, LocalDate.of(2022, 2, 1)),
          Map.entry(2023, LocalDate.of(2023, 1, 22)),
          Map.entry(2024, LocalDate.of(2024, 2, 10)),
          Map.entry(2025, LocalDate.of(2025, 1, 29)),
          Map.entry(2026, LocalDate.of(2026, 2, 17)),
          Map.entry(2027, LocalDate.of(2027, 2, 6)),
          Map.entry(2028, LocalDate.of(2028, 1, 26)),
          Map.entry(2029, LocalDate.of(2029, 2, 13)),
          Map.entry(2030, LocalDate.of(2030, 2, 3)),
          Map.entry(2031, LocalDate.of(2031, 1, 23)),
          Map.entry(2032, LocalDate.of(2032, 2, 11)),
          Map.entry(2033, LocalDate.of(2033, 1, 31)),
          Map.entry(2034, LocalDate.of(2034, 2, 19)),
          Map.entry(2035, LocalDate.of(2035, 2, 8)));

  private static final int SPRING_FESTIVAL_HALF_WINDOW = 7;

  private BusinessCalendar() {}

  /** The festival whose window contains {@code day}, if any. */
  public static Optional<Festival> festival(LocalDate day) {
    if (springFestivalDistance(day) <= SPRING_FESTIVAL_HALF_WINDOW) {
      return Optional.of(Festival.SPRING_FESTIVAL);
    }
    MonthDay md = MonthDay.from(day);
    if (within(md, MonthDay.of(3, 1), MonthDay.of(3, 8))) {
      return Optional.of(Festival.WOMENS_DAY);
    }
    if (within(md, MonthDay.of(6, 1), MonthDay.of(6, 18))) {
      return Optional.of(Festival.MID_YEAR_618);
    }
    if (within(md, MonthDay.of(10, 20), MonthDay.of(11, 11))) {
      return Optional.of(Festival.DOUBLE_11);
    }
    if (within(md, MonthDay.of(12, 1), MonthDay.of(12, 12))) {
      return Optional.of(Festival.DOUBLE_12);
    }
    return Optional.empty();
  }

  /**
   * True in a shopping festival's window (3.8, 618, 双11, 双12): the Spring Festival is a festival
   * but no promotion (gold.dim_date's is_promotion, RFM's promotion weights, the forecast's
   * feature).
   */
  public static boolean isPromotion(LocalDate day) {
    return festival(day).filter(f -> f != Festival.SPRING_FESTIVAL).isPresent();
  }

  /** True on the peak day of a shopping festival (3.8, 6.18, 11.11, 12.12). */
  public static boolean isPeakDay(LocalDate day) {
    MonthDay md = MonthDay.from(day);
    return md.equals(MonthDay.of(3, 8))
        || md.equals(MonthDay.of(6, 18))
        || md.equals(MonthDay.of(11, 11))
        || md.equals(MonthDay.of(12, 12));
  }

  /**
   * How many times the ordinary number of viewers come to live rooms on {@code day}: the weekly
   * rhythm (weekends higher) times the festival lift (rising to the peak day; a dip at the Spring
   * Festival).
   */
  public static double trafficFactor(LocalDate day) {
    return weekdayFactor(day.getDayOfWeek()) * festivalFactor(day, 1.6, 2.6);
  }

  /**
   * How many times the ordinary purchase rate a live-commerce shopper has on {@code day}: festivals
   * bring discounts that lift conversion more than traffic.
   */
  public static double purchaseFactor(LocalDate day) {
    return (0.5 + 0.5 * weekdayFactor(day.getDayOfWeek())) * festivalFactor(day, 1.8, 3.5);
  }

  private static double weekdayFactor(DayOfWeek dow) {
    return switch (dow) {
      case MONDAY -> 0.90;
      case TUESDAY, WEDNESDAY -> 0.92;
      case THURSDAY -> 0.95;
      case FRIDAY -> 1.05;
      case SATURDAY -> 1.18;
      case SUNDAY -> 1.12;
    };
  }

  /** 1 on ordinary days; ramps from {@code build} to {@code peak} on a festival's peak day. */
  private static double festivalFactor(LocalDate day, double build, double peak) {
    Optional<Festival> festival = festival(day);
    if (festival.isEmpty()) {
      return 1.0;
    }
    if (festival.get() == Festival.SPRING_FESTIVAL) {
      // Deepest on new-year's eve and the days after; couriers stop, so buying drops too.
      return 0.55 + 0.05 * springFestivalDistance(day);
    }
    if (isPeakDay(day)) {
      return peak;
    }
    // The last three days before the peak already carry most of the lift.
    int daysToPeak = daysToPeak(day);
    return daysToPeak <= 3 ? build + (peak - build) * 0.4 : build * 0.85 + 0.15;
  }

  /**
   * Days from {@code day} to the next festival peak day (0 on a peak day), or {@link
   * Integer#MAX_VALUE} when none is within 31 days.
   */
  public static int daysToPeak(LocalDate day) {
    if (isPeakDay(day)) {
      return 0;
    }
    for (int ahead = 1; ahead <= 31; ahead++) {
      if (isPeakDay(day.plusDays(ahead))) {
        return ahead;
      }
    }
    return Integer.MAX_VALUE;
  }

  /**
   * Days between {@code day} and the nearest lunar new year (either side), or {@link
   * Long#MAX_VALUE} outside the tabulated years.
   */
  public static long springFestivalDistance(LocalDate day) {
    long best = Long.MAX_VALUE;
    for (int year = day.getYear() - 1; year <= day.getYear() + 1; year++) {
      LocalDate newYear = LUNAR_NEW_YEAR.get(year);
      if (newYear != null) {
        best = Math.min(best, Math.abs(newYear.toEpochDay() - day.toEpochDay()));
      }
    }
    return best;
  }

  private static boolean within(MonthDay md, MonthDay first, MonthDay last) {
    return !md.isBefore(first) && !md.isAfter(last);
  }
}
