package io.livecart.jobs.external;

import io.livecart.core.Errors;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Converts the CDNOW master file (the public purchase histories of Fader, Hardie and Lee: customer
 * id, date yyyyMMdd, number of CDs, dollar value, space-separated) into orders. Each line becomes a
 * one-line paid and completed order at noon of its day in the business time zone: user {@code
 * C<id>}, SKU {@code CDNOW-CD}, quantity the number of CDs, amounts the dollar value. CDNOW has
 * orders only: no products, members, visits or interactions.
 */
final class Cdnow {
  private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;

  private Cdnow() {}

  static void convert(BufferedReader in, String input, LandingOut out, ZoneId zone)
      throws IOException {
    int lineNo = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNo++;
      String[] f = line.strip().split("\\s+");
      if (f.length != 4 || !f[0].chars().allMatch(Character::isDigit)) {
        if (lineNo == 1) {
          continue; // the master file's header
        }
        throw Errors.badOption(
            input + " line " + lineNo,
            line.strip(),
            "customer id, date (yyyyMMdd), number of CDs, dollar value");
      }
      LocalDate day = LocalDate.parse(f[1], COMPACT);
      int cds = Integer.parseInt(f[2]);
      BigDecimal value = new BigDecimal(f[3]).setScale(2, RoundingMode.HALF_UP);
      String at = LandingOut.noon(day, zone);
      String unit =
          cds == 0
              ? "0.00"
              : value.divide(BigDecimal.valueOf(cds), 2, RoundingMode.HALF_UP).toString();
      out.addPaidLine(
          day,
          "CDNOW-" + lineNo,
          "C" + Integer.parseInt(f[0]),
          "CDNOW-CD",
          Integer.toString(Math.max(cds, 1)),
          unit,
          value.toString(),
          "completed",
          at,
          null);
    }
  }
}
