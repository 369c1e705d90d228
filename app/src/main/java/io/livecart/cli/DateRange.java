package io.livecart.cli;

import io.livecart.core.Errors;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The days a command processes: one {@code --date}, or {@code --from}/{@code --to} inclusive. */
final class DateRange {
  @Option(
      names = "--date",
      paramLabel = "DATE",
      description = "The business day to process (YYYY-MM-DD).")
  LocalDate date;

  @Option(names = "--from", paramLabel = "DATE", description = "First day of a range (with --to).")
  LocalDate from;

  @Option(names = "--to", paramLabel = "DATE", description = "Last day of a range (with --from).")
  LocalDate to;

  List<LocalDate> days() {
    if (date != null && (from != null || to != null)) {
      throw Errors.badOption("--date", date.toString(), "either --date or --from/--to, not both");
    }
    if (date != null) {
      return List.of(date);
    }
    if (from == null || to == null) {
      throw Errors.badOption("--from/--to", from + ".." + to, "both dates, or --date");
    }
    if (from.isAfter(to)) {
      throw Errors.badDateRange(from, to);
    }
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      days.add(day);
    }
    return days;
  }
}
