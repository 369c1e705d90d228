package io.livecart.jobs.external;

import java.time.LocalDate;

/** The days an import keeps, both ends inclusive; a null end is open. */
public record Window(LocalDate from, LocalDate to) {
  public static final Window ALL = new Window(null, null);

  public boolean contains(LocalDate day) {
    return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
  }
}
