package io.livecart.jobs.external;

import io.livecart.core.Errors;
import io.livecart.core.landing.Source;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Converts Walmart's M5 sales (one row per item, store and day: units sold and the week's sell
 * price, blank when the item was not on sale in that store; the {@code tiny_m5} extract of 28 items
 * in 10 stores) into orders and products.
 *
 * <ul>
 *   <li>Orders: each item, store and day with units sold is one paid, completed order line at noon
 *       of the day in the business zone: order {@code M5-<store>-<item>-<date>}, quantity the
 *       units, unit price the week's sell price, pay amount their product. M5 has no customers: the
 *       buyer is the store's walk-in customers, {@code M5-<store>}, and the province is the store's
 *       state, so every store is a place demand comes from.
 *   <li>Products: an item's version is its highest sell price across the stores in a week; a new
 *       version lands (at 00:00 of the week's first day in the window) when it changes. The item's
 *       category and department are category_l1 and category_l2.
 * </ul>
 *
 * The calendar's events and SNAP days have no landing source and are left out.
 */
final class M5Sales {
  private static final List<String> COLUMNS =
      List.of(
          "item_id",
          "dept_id",
          "cat_id",
          "store_id",
          "state_id",
          "value",
          "date",
          "wm_yr_wk",
          "sell_price");

  private M5Sales() {}

  /** An item's price in one week, and the first day of the week in the window. */
  private record Week(LocalDate first, BigDecimal price) {}

  static void convert(BufferedReader in, String input, LandingOut out, ZoneId zone)
      throws IOException {
    Map<String, String[]> categories = new HashMap<>();
    Map<String, TreeMap<Integer, Week>> weeks = new HashMap<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(format).get()) {
      if (!parser.getHeaderMap().keySet().containsAll(COLUMNS)) {
        throw Errors.badOption(
            input, String.join(",", parser.getHeaderNames()), "M5's columns " + COLUMNS);
      }
      for (CSVRecord row : parser) {
        try {
          add(row, input + " line " + parser.getCurrentLineNumber(), out, zone, categories, weeks);
        } catch (DateTimeParseException | NumberFormatException e) {
          throw Errors.badOption(
              input + " line " + parser.getCurrentLineNumber(),
              String.join(",", row.values()),
              "M5's values: a date YYYY-MM-DD, whole units, a decimal sell_price or NA");
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    addProducts(out, zone, categories, weeks);
  }

  private static void add(
      CSVRecord row,
      String line,
      LandingOut out,
      ZoneId zone,
      Map<String, String[]> categories,
      Map<String, TreeMap<Integer, Week>> weeks) {
    LocalDate day = LocalDate.parse(row.get("date"));
    String item = row.get("item_id");
    String store = row.get("store_id");
    String price = row.get("sell_price");
    int units = Integer.parseInt(row.get("value"));
    if (price.isEmpty() || price.equals("NA")) {
      if (units > 0) {
        throw Errors.badOption(
            line, String.join(",", row.values()), "a sell_price on a day with units sold");
      }
      return;
    }
    BigDecimal unitPrice = new BigDecimal(price);
    if (out.keeps(day)) {
      categories.putIfAbsent(item, new String[] {row.get("cat_id"), row.get("dept_id")});
      weeks
          .computeIfAbsent(item, i -> new TreeMap<>())
          .merge(
              Integer.parseInt(row.get("wm_yr_wk")),
              new Week(day, unitPrice),
              (a, b) ->
                  new Week(
                      a.first().isBefore(b.first()) ? a.first() : b.first(),
                      a.price().max(b.price())));
    }
    if (units == 0) {
      return;
    }
    String at = LandingOut.noon(day, zone);
    out.addPaidLine(
        day,
        "M5-" + store + "-" + item + "-" + day,
        "M5-" + store,
        item,
        Integer.toString(units),
        unitPrice.toPlainString(),
        unitPrice
            .multiply(BigDecimal.valueOf(units))
            .setScale(2, RoundingMode.HALF_UP)
            .toPlainString(),
        "completed",
        at,
        row.get("state_id"));
  }

  private static void addProducts(
      LandingOut out,
      ZoneId zone,
      Map<String, String[]> categories,
      Map<String, TreeMap<Integer, Week>> weeks) {
    weeks.forEach(
        (item, byWeek) -> {
          BigDecimal listed = null;
          for (Week week : byWeek.values()) {
            if (week.price().equals(listed)) {
              continue;
            }
            listed = week.price();
            String[] category = categories.get(item);
            out.add(
                Source.PRODUCTS,
                week.first(),
                item,
                item,
                item,
                category[0],
                category[1],
                null,
                listed.toPlainString(),
                null,
                null,
                null,
                null,
                null,
                LandingOut.timestamp(week.first().atStartOfDay(zone)));
          }
        });
  }
}
