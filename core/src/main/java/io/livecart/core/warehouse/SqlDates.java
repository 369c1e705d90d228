package io.livecart.core.warehouse;

import java.time.LocalDate;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Days as SQL literals, for the slices a run replaces and the day lists of gold's queries. */
public final class SqlDates {
  private SqlDates() {}

  /** {@code DATE'2025-06-18'}. */
  public static String literal(LocalDate day) {
    return "DATE'" + day + "'";
  }

  /**
   * The days and their neighbours: the landing days that may hold their logs (a visit or event
   * lands the day after it happened when it runs past midnight, or the day before by clock skew).
   */
  public static SortedSet<LocalDate> withNeighbours(Collection<LocalDate> days) {
    SortedSet<LocalDate> scan = new TreeSet<>();
    for (LocalDate day : days) {
      scan.add(day.minusDays(1));
      scan.add(day);
      scan.add(day.plusDays(1));
    }
    return scan;
  }

  /** The days as a comma-separated list of literals, for {@code IN (...)}. */
  public static String list(Collection<LocalDate> days) {
    return days.stream().map(SqlDates::literal).collect(Collectors.joining(", "));
  }
}
