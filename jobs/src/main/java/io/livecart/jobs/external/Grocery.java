package io.livecart.jobs.external;

import io.livecart.core.Errors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Converts an online grocer's purchase event log (BTYDplus's {@code groceryElog}: one row per
 * purchase, customer and date, no amounts) into orders. Each purchase becomes a one-line paid,
 * completed order at noon of its day in the business zone: order {@code GROCERY-<line>}, user
 * {@code G<cust>}, SKU {@code GROCERY-BASKET}, quantity 1. The log has no amounts, so every amount
 * is 0.00: orders, buyers and repurchase are real, GMV is not known.
 */
final class Grocery {
  private Grocery() {}

  static void convert(BufferedReader in, String input, LandingOut out, ZoneId zone)
      throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(format).get()) {
      if (!parser.getHeaderMap().keySet().containsAll(List.of("cust", "date"))) {
        throw Errors.badOption(
            input, String.join(",", parser.getHeaderNames()), "the columns cust, date");
      }
      for (CSVRecord row : parser) {
        LocalDate day = LocalDate.parse(row.get("date"));
        String at = LandingOut.noon(day, zone);
        out.addPaidLine(
            day,
            "GROCERY-" + row.getRecordNumber(),
            "G" + row.get("cust"),
            "GROCERY-BASKET",
            "1",
            "0.00",
            "0.00",
            "completed",
            at,
            null);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
