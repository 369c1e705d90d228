package io.livecart.jobs.generate;

import io.livecart.core.landing.DirtyKind;
import io.livecart.core.landing.Source;
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
      DirtyKind kind, Source source, Object[] clean, String cleanLine, boolean csv, SplittableRandom rng,
      String token, Formatter formatter) {
    Object[] row = clean.clone();
    switch (kind) {
      case DUPLICATE -> {
        return cleanLine;
      }
      case MALFORMED_LINE -> {
        return csv ? dropFields(cleanLine) : cleanLine.substring(0, 1 + rng.nextInt(cleanLine.length() - 2));
      }
      case UNKNOWN_SKU -> {
        freshId(source, row, token);
        set(source, row, "sku_id", Text.padded("SKU", 900_000 + rng.nextInt(99_999), 6));
      }
      case NEGATIVE_AMOUNT -> {
        String field = amountField(source);
        Object amount = row[index(source, field)];
        set(source, row, field, amount instanceof Money m ? new Money(-Math.max(1, m.cents())) : -Math.max(1, ((Number) amount).longValue()));
        freshId(source, row, token);
      }
      case ABSURD_AMOUNT -> {
        freshId(source, row, token);
        set(source, row, "quantity", 10_000_000);
      }
      case UNPARSEABLE_TIMESTAMP -> {
        freshId(source, row, token);
        set(source, row, timestampField(source), GARBAGE_TIMESTAMPS[rng.nextInt(GARBAGE_TIMESTAMPS.length)]);
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
        if (!olderVersion(source, row)) {
          return null;
        }
      }
      case EXTRA_COLUMN -> throw new IllegalArgumentException("extra columns are written in place");
    }
    return formatter.format(row, false);
  }

  /** Turns an order row into the version it replaced; false for a first version. */
  private static boolean olderVersion(Source source, Object[] row) {
    String status = (String) row[index(source, "status")];
    set(source, row, "refund_amount", new Money(0));
    switch (status) {
      case "created" -> {
        return false;
      }
      case "paid", "cancelled" -> {
        set(source, row, "status", "created");
        set(source, row, "paid_at", null);
        set(source, row, "updated_at", row[index(source, "created_at")]);
      }
      default -> {
        set(source, row, "status", "paid");
        set(source, row, "updated_at", row[index(source, "paid_at")]);
      }
    }
    return true;
  }

  private static String dropFields(String line) {
    int commas = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ',' && ++commas == 3) {
        return line.substring(0, i);
      }
    }
    return line + ",";
  }

  private static String fourYearsLater(String timestamp) {
    int year = Integer.parseInt(timestamp.substring(0, 4));
    return (year + 4) + timestamp.substring(4);
  }

  private static void freshId(Source source, Object[] row, String token) {
    String idField = switch (source) {
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
