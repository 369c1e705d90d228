package io.livecart.jobs.external;

import io.livecart.core.Errors;
import io.livecart.core.landing.Source;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Converts the CDNOW master file (the public purchase histories of Fader, Hardie and Lee: customer
 * id, date yyyyMMdd, number of CDs, dollar value, space-separated) into the orders landing format,
 * one CSV file per day under {@code <landing>/orders/dt=YYYY-MM-DD/}, so it goes through the same
 * pipeline as any shop's orders. Each line becomes a one-line paid and completed order at noon of
 * its day in the business time zone: user {@code C<id>}, SKU {@code CDNOW-CD}, quantity the number
 * of CDs, amounts the dollar value. CDNOW has orders only: no members, visits or interactions.
 */
public final class Cdnow {
  private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private Cdnow() {}

  /** What a conversion wrote. */
  public record Converted(long orders, LocalDate first, LocalDate last, int days) {}

  public static Converted convert(java.nio.file.Path input, String landing, ZoneId zone) {
    TreeMap<LocalDate, List<String>> days = new TreeMap<>();
    long orders = 0;
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.US_ASCII)) {
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
        String at = day.atTime(LocalTime.NOON).atZone(zone).format(TIMESTAMP);
        String unit =
            cds == 0
                ? "0.00"
                : value.divide(BigDecimal.valueOf(cds), 2, RoundingMode.HALF_UP).toString();
        days.computeIfAbsent(day, d -> new ArrayList<>())
            .add(
                String.join(
                    ",",
                    "CDNOW-" + lineNo,
                    "1",
                    "C" + Integer.parseInt(f[0]),
                    "CDNOW-CD",
                    Integer.toString(Math.max(cds, 1)),
                    unit,
                    "0.00",
                    value.toString(),
                    "0.00",
                    "completed",
                    at,
                    at,
                    at,
                    "",
                    "",
                    "",
                    "cdnow",
                    ""));
        orders++;
      }
    } catch (IOException e) {
      throw Errors.cannotRead(input.toString(), e);
    }
    if (days.isEmpty()) {
      throw Errors.badOption("--input", input.toString(), "a CDNOW master file with purchases");
    }
    String header = String.join(",", Source.ORDERS.fields());
    for (Map.Entry<LocalDate, List<String>> day : days.entrySet()) {
      Path file =
          new Path(landing + "/" + Source.ORDERS.folder() + "/dt=" + day.getKey() + "/cdnow.csv");
      try {
        FileSystem fs = file.getFileSystem(new Configuration());
        try (Writer out = new OutputStreamWriter(fs.create(file, true), StandardCharsets.UTF_8)) {
          out.write(header);
          out.write('\n');
          for (String row : day.getValue()) {
            out.write(row);
            out.write('\n');
          }
        }
      } catch (IOException e) {
        throw Errors.cannotWrite(file.toString(), e);
      }
    }
    return new Converted(orders, days.firstKey(), days.lastKey(), days.size());
  }
}
