package io.livecart.jobs.external;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.livecart.core.Errors;
import io.livecart.core.landing.Source;
import io.livecart.jobs.OutputFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The rows a converter makes of a public data set, gathered per source and day and then written the
 * way a shop's back-end would land them: one file per source and day, {@code
 * <landing>/<source>/dt=YYYY-MM-DD/<set>.csv} (with a header, for the sources that accept CSV) or
 * {@code .jsonl} (one object per line, absent fields as {@code null}). Only the days of the
 * requested window are kept.
 */
final class LandingOut {
  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private final String set;
  private final Window window;
  private long seen;
  private final Map<Source, TreeMap<LocalDate, List<String[]>>> rows = new EnumMap<>(Source.class);

  LandingOut(String set, Window window) {
    this.set = set;
    this.window = window;
  }

  /** The landing format of a moment: ISO 8601 with the offset, e.g. 1997-01-12T12:00:00+08:00. */
  static String timestamp(ZonedDateTime at) {
    return at.format(TIMESTAMP);
  }

  /** Noon of {@code day} in {@code zone}: the time of a record that has a day and no time. */
  static String noon(LocalDate day, ZoneId zone) {
    return timestamp(day.atTime(LocalTime.NOON).atZone(zone));
  }

  /**
   * Adds one row of {@code source} to the file of {@code day}, unless the day is outside the
   * window.
   *
   * @param values in the order of {@link Source#fields()}; null for an absent field
   * @return whether the row was kept
   */
  boolean add(Source source, LocalDate day, String... values) {
    if (values.length != source.fields().size()) {
      throw new IllegalArgumentException(
          source + " has " + source.fields().size() + " fields, not " + values.length);
    }
    seen++;
    if (!window.contains(day)) {
      return false;
    }
    rows.computeIfAbsent(source, s -> new TreeMap<>())
        .computeIfAbsent(day, d -> new ArrayList<>())
        .add(values);
    return true;
  }

  /**
   * Adds a one-line order paid at {@code at}, with no discount, refund, live session, traffic
   * source or coupon; its platform is the set's name.
   */
  void addPaidLine(
      LocalDate day,
      String orderId,
      String userId,
      String skuId,
      String quantity,
      String unitPrice,
      String payAmount,
      String status,
      String at,
      String province) {
    add(
        Source.ORDERS,
        day,
        orderId,
        "1",
        userId,
        skuId,
        quantity,
        unitPrice,
        "0.00",
        payAmount,
        "0.00",
        status,
        at,
        at,
        at,
        null,
        null,
        null,
        set,
        province);
  }

  /** Whether rows of {@code day} are kept. */
  boolean keeps(LocalDate day) {
    return window.contains(day);
  }

  /** How many rows were added, in the window or not. */
  long seen() {
    return seen;
  }

  /**
   * Writes every file through {@code hadoop}, replacing those of an earlier import of the same set
   * and day.
   */
  Imported write(String landing, Configuration hadoop) {
    FileSystem fs = OutputFiles.of(new Path(landing), hadoop);
    Map<Source, Long> counts = new EnumMap<>(Source.class);
    TreeSet<LocalDate> days = new TreeSet<>();
    rows.forEach(
        (source, byDay) -> {
          byDay.forEach((day, lines) -> write(fs, landing, source, day, lines));
          counts.put(source, byDay.values().stream().mapToLong(List::size).sum());
          days.addAll(byDay.keySet());
        });
    if (days.isEmpty()) {
      throw Errors.badOption(
          "--from/--to",
          window.from() + ".." + window.to(),
          "a window holding some of the " + set + " data set's days");
    }
    return new Imported(counts, days.first(), days.last(), days.size());
  }

  private void write(
      FileSystem fs, String landing, Source source, LocalDate day, List<String[]> lines) {
    String extension = source.csvAllowed() ? ".csv" : ".jsonl";
    Path file = new Path(landing + "/" + source.folder() + "/dt=" + day + "/" + set + extension);
    try (Writer out = new OutputStreamWriter(fs.create(file, true), StandardCharsets.UTF_8)) {
      if (source.csvAllowed()) {
        writeCsv(out, source, lines);
      } else {
        writeJsonLines(out, source, lines);
      }
    } catch (IOException e) {
      throw Errors.cannotWrite(file.toString(), e);
    }
  }

  private static void writeCsv(Writer out, Source source, List<String[]> lines) throws IOException {
    CSVPrinter printer = new CSVPrinter(out, CSV);
    printer.printRecord(source.fields());
    for (String[] line : lines) {
      printer.printRecord(Arrays.stream(line).map(v -> v == null ? "" : v).toList());
    }
    printer.flush();
  }

  private static void writeJsonLines(Writer out, Source source, List<String[]> lines)
      throws IOException {
    List<String> fields = source.fields();
    JsonGenerator json = JSON.createGenerator(out);
    json.setRootValueSeparator(null);
    for (String[] line : lines) {
      json.writeStartObject();
      for (int i = 0; i < fields.size(); i++) {
        json.writeStringField(fields.get(i), line[i]);
      }
      json.writeEndObject();
      json.flush();
      out.write('\n');
    }
    json.flush();
  }
}
