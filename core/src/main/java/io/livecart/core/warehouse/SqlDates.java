package io.livecart.core.warehouse;

import java.time.LocalDate;
import java.util.Collection;
import java.util.stream.Collectors;

/** Days as SQL literals, for the slices a run replaces and the day lists of gold's queries. */
public final class SqlDates {
  private SqlDates() {}

  /** {@code DATE'2025-06-18'}. */
  public static String literal(LocalDate day) {
    return "DATE'" + day + "'";
  }

  /** The days as a comma-separated list of literals, for {@code IN (...)}. */
  public static String list(Collection<LocalDate> days) {
    return days.stream().map(SqlDates::literal).collect(Collectors.joining(", "));
  }
}
