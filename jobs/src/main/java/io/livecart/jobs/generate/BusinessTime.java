package io.livecart.jobs.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Converts between the generator's clock (business day + second of day) and epoch seconds, and
 * formats ISO-8601 timestamps with the zone's offset, e.g. {@code 2025-06-18T20:15:03+08:00}. Fast
 * for fixed-offset zones such as Asia/Shanghai, correct for every zone.
 */
final class BusinessTime {
  private final ZoneRules rules;
  private final Integer fixedOffset;

  BusinessTime(ZoneId zone) {
    this.rules = zone.getRules();
    this.fixedOffset =
        rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : null;
  }

  long epochSecond(int day, int secondOfDay) {
    long local = day * 86_400L + secondOfDay;
    return local - offsetForLocal(local);
  }

  /** The business day of an instant. */
  int day(long epochSecond) {
    return (int) Math.floorDiv(epochSecond + offset(epochSecond), 86_400L);
  }

  String format(long epochSecond) {
    int offset = offset(epochSecond);
    long local = epochSecond + offset;
    long day = Math.floorDiv(local, 86_400L);
    int second = (int) Math.floorMod(local, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(day);
    StringBuilder out = new StringBuilder(25);
    Text.appendPadded(out, date.getYear(), 4);
    out.append('-');
    Text.appendPadded(out, date.getMonthValue(), 2);
    out.append('-');
    Text.appendPadded(out, date.getDayOfMonth(), 2);
    out.append('T');
    Text.appendPadded(out, second / 3600, 2);
    out.append(':');
    Text.appendPadded(out, second / 60 % 60, 2);
    out.append(':');
    Text.appendPadded(out, second % 60, 2);
    out.append(ZoneOffset.ofTotalSeconds(offset).getId().replace("Z", "+00:00"));
    return out.toString();
  }

  private int offset(long epochSecond) {
    return fixedOffset != null
        ? fixedOffset
        : rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
  }

  private int offsetForLocal(long localSecond) {
    if (fixedOffset != null) {
      return fixedOffset;
    }
    return rules
        .getOffset(
            Instant.ofEpochSecond(
                localSecond
                    - rules.getOffset(Instant.ofEpochSecond(localSecond)).getTotalSeconds()))
        .getTotalSeconds();
  }
}
