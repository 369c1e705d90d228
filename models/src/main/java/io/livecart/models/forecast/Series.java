package io.livecart.models.forecast;

import io.livecart.core.calendar.BusinessCalendar;
import java.time.LocalDate;
import java.util.Locale;

/**
 * One daily GMV series of the forecast hierarchy: the total, a category or an anchor. {@code gmv}
 * holds one value per day from {@code first} to the as-of date (days without sales are 0); {@code
 * sessions} holds the live sessions scheduled for the series' scope per day from {@code first} on,
 * and runs past the as-of date as far as the schedule is published.
 */
public record Series(Level level, String key, LocalDate first, double[] gmv, double[] sessions) {

  /** The levels of the hierarchy; categories and anchors each sum to the total. */
  public enum Level {
    TOTAL,
    CATEGORY,
    ANCHOR;

    /** The level as tables and metrics name it: its name in lower case. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Level of(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }
  }

  /** The key of the total series. */
  public static final String TOTAL_KEY = "全部";

  /** The anchor key of orders not placed in a live room. */
  public static final String NOT_LIVE_KEY = "(非直播)";

  public LocalDate date(int index) {
    return first.plusDays(index);
  }

  /** The index of the last known day. */
  public int last() {
    return gmv.length - 1;
  }

  /** Whether day {@code index} is in a festival window (a promotion or the Spring Festival). */
  public boolean festivalDay(int index) {
    return BusinessCalendar.festival(date(index)).isPresent();
  }

  /** Sessions scheduled on day {@code index}; 0 beyond the published schedule. */
  public double sessionsOn(int index) {
    return index < sessions.length ? sessions[index] : 0;
  }
}
