package io.livecart.jobs.generate;

import io.livecart.core.landing.DirtyKind;
import io.livecart.core.landing.Source;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Derives one bad line of a given {@link DirtyKind} from a clean row. Rows that stand for a new
 * record (a bad order, a bad event) get a fresh id: the clean id, {@code -X} and a token unique
 * within the landing zone, so they never collide with any other record.
 */
final class BadRows {
  /** Formats values as a line of the writer's file type. */
  interface Formatter {
    String format(Object[] values, boolean extraColumn);
  }

  private static final String[] GARBAGE_TIMESTAMPS = {
    "2025/13/45 25:61", "yesterday evening", "1700000000000", "20250618 201500", ""
  };

  private BadRows() {}

  /** The bad line, or null when {@code kind} does not apply to this row (nothing injected). */
  static String derive(
      DirtyKind kind,
      Source source,
      Object[] clean,
      String cleanLine,
      boolean csv,
      SplittableRandom rng,
      String token,
      Formatter formatter) {
    Object[] row = clean.clone();
    switch (kind) {
      case DUPLICATE -> {
        return cleanLine;
      }
      case MALFORMED_LINE -> {
        // Cut the tail: the line stays unique (and so is no duplicate) but no longer parses.
        return csv
            ? cleanLine.substring(0, cleanLine.lastIndexOf(','))
            : cleanLine.substring(
                0, cleanLine.length() - 1 - rng.nextInt(Math.max(1, cleanLine.length() / 3)));
      }
      case UNKNOWN_SKU -> {
        freshId(source, row, token);
        set(source, row, "sku_id", Text.padded("SKU", 900_000 + rng.nextInt(99_999), 6));
      }
      case NEGATIVE_AMOUNT -> {
        String field = amountField(source);
        Object amount = row[index(source, field)];
        set(
            source,
            row,
            field,
            amount instanceof Money m
                ? new Money(-Math.max(1, m.cents()))
                : -Math.max(1, ((Number) amount).longValue()));
        freshId(source, row, token);
      }
      case ABSURD_AMOUNT -> {
        freshId(source, row, token);
        set(source, row, "quantity", 10_000_000);
      }
      case UNPARSEABLE_TIMESTAMP -> {
        freshId(source, row, token);
        set(
            source,
            row,
            timestampField(source),
            GARBAGE_TIMESTAMPS[rng.nextInt(GARBAGE_TIMESTAMPS.length)]);
      }
      case FUTURE_TIMESTAMP -> {
        freshId(source, row, token);
        for (String field : List.of("updated_at", "enter_at", "leave_at", "event_at")) {
          int i = source.fields().indexOf(field);
          if (i >= 0 && row[i] instanceof String timestamp) {
            row[i] = fourYearsLater(timestamp);
          }
        }
      }
      case LATE_UPDATE -> {
        if (!olderVersion(source, row, rng)) {
          return null;
        }
      }
      case EXTRA_COLUMN -> throw new IllegalArgumentException("extra columns are written in place");
    }
    return formatter.format(row, false);
  }

  /**
   * Turns an order row into a stale snapshot of it: the previous status, stamped between that
   * status's time and the row's own {@code updated_at}, so it is older than the row but equal to no
   * line ever sent. False for a first version (nothing is older).
   */
  private static boolean olderVersion(Source source, Object[] row, SplittableRandom rng) {
    String status = (String) row[index(source, "status")];
    if (status.equals("created")) {
      return false;
    }
    OffsetDateTime updated = OffsetDateTime.parse((String) row[index(source, "updated_at")]);
    boolean wasCreated = status.equals("paid") || status.equals("cancelled");
    OffsetDateTime floor =
        OffsetDateTime.parse((String) row[index(source, wasCreated ? "created_at" : "paid_at")]);
    long gap = Duration.between(floor, updated).toSeconds();
    if (gap < 2) {
      return false;
    }
    set(source, row, "refund_amount", new Money(0));
    set(source, row, "status", wasCreated ? "created" : "paid");
    if (wasCreated) {
      set(source, row, "paid_at", null);
    }
    set(
        source,
        row,
        "updated_at",
        floor
            .plusSeconds(1 + rng.nextLong(gap - 1))
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    return true;
  }

  private static String fourYearsLater(String timestamp) {
    int year = Integer.parseInt(timestamp.substring(0, 4));
    return (year + 4) + timestamp.substring(4);
  }

  private static void freshId(Source source, Object[] row, String token) {
    String idField =
        switch (source) {
          case ORDERS -> "order_id";
          case INTERACTIONS -> "event_id";
          default -> null;
        };
    if (idField != null) {
      set(source, row, idField, row[index(source, idField)] + "-X" + token);
    }
  }

  private static String amountField(Source source) {
    return switch (source) {
      case ORDERS -> "pay_amount";
      case AD_SPEND -> "spend";
      case PRODUCTS -> "list_price";
      case INVENTORY -> "on_hand";
      default -> throw new IllegalArgumentException(source + " has no amount");
    };
  }

  private static String timestampField(Source source) {
    return switch (source) {
      case ORDERS, LIVE_SESSIONS -> "updated_at";
      case VIEWING -> "enter_at";
      case INTERACTIONS -> "event_at";
      case USERS -> "registered_at";
      default -> throw new IllegalArgumentException(source + " has no timestamp");
    };
  }

  private static int index(Source source, String field) {
    return source.fields().indexOf(field);
  }

  private static void set(Source source, Object[] row, String field, Object value) {
    row[index(source, field)] = value;
  }
}
