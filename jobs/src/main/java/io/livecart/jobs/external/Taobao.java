package io.livecart.jobs.external;

import io.livecart.core.Errors;
import io.livecart.core.landing.Source;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Converts Taobao's user behaviour log (Tianchi's {@code UserBehavior.csv}, no header: user id,
 * item id, category id, behaviour, unix seconds) into interactions, products and orders, at its
 * moment in the business zone.
 *
 * <ul>
 *   <li>{@code pv}, {@code cart} and {@code fav} become interactions {@code product_click}, {@code
 *       add_to_cart} and {@code favorite} on the item (event {@code TB-<line>}). Taobao is not a
 *       live room: the live session is absent.
 *   <li>{@code buy} becomes a paid order line of one unit (order {@code TB-<line>}). The log has no
 *       prices, so the amounts are 0.00: buyers, orders and units are real, GMV is not known.
 *   <li>Each item lands as a product on the day it is first seen, with its category as category_l1.
 * </ul>
 */
final class Taobao {
  private static final Map<String, String> INTERACTIONS =
      Map.of("pv", "product_click", "cart", "add_to_cart", "fav", "favorite");

  private Taobao() {}

  static void convert(BufferedReader in, String input, LandingOut out, ZoneId zone)
      throws IOException {
    Set<String> itemDays = new HashSet<>();
    long lineNo = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNo++;
      String[] f = line.strip().split(",");
      if (f.length != 5
          || !(f[3].equals("buy") || INTERACTIONS.containsKey(f[3]))
          || !f[4].chars().allMatch(Character::isDigit)) {
        throw Errors.badOption(
            input + " line " + lineNo,
            line.strip(),
            "user id, item id, category id, pv|cart|fav|buy, unix seconds");
      }
      ZonedDateTime moment = Instant.ofEpochSecond(Long.parseLong(f[4])).atZone(zone);
      LocalDate day = moment.toLocalDate();
      String at = LandingOut.timestamp(moment);
      String id = "TB-" + lineNo;
      if (f[3].equals("buy")) {
        out.addPaidLine(day, id, f[0], f[1], "1", "0.00", "0.00", "paid", at, null);
      } else {
        out.add(Source.INTERACTIONS, day, id, null, f[0], INTERACTIONS.get(f[3]), f[1], at, null);
      }
      if (out.keeps(day) && itemDays.add(day + " " + f[1])) {
        out.add(
            Source.PRODUCTS,
            day,
            f[1],
            f[1],
            null,
            f[2],
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            LandingOut.timestamp(day.atStartOfDay(zone)));
      }
    }
  }
}
