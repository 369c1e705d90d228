package io.livecart.jobs.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livecart.core.landing.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads generated landing and truth files back as plain Java values, for assertions. */
final class Landing {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Landing() {}

  /** Every raw line of a source, in day order then file order (CSV headers left out). */
  static List<Line> lines(Path landing, Source source) {
    List<Line> lines = new ArrayList<>();
    for (Path file : files(landing.resolve(source.folder()))) {
      List<String> text = read(file);
      String dt = file.getParent().getFileName().toString().substring(3);
      boolean csv = file.toString().endsWith(".csv");
      for (int i = csv ? 1 : 0; i < text.size(); i++) {
        lines.add(new Line(dt, csv, csv ? text.get(0) : null, text.get(i)));
      }
    }
    return lines;
  }

  /** The clean, parseable rows of a source as field maps. */
  static List<Map<String, String>> rows(Path landing, Source source) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (Line line : lines(landing, source)) {
      Map<String, String> row = line.parse();
      if (row != null) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** A CSV file of the truth folder as field maps. */
  static List<Map<String, String>> csv(Path file) {
    List<String> text = read(file);
    String[] header = text.get(0).split(",");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : text.subList(1, text.size())) {
      rows.add(zip(header, line.split(",", -1)));
    }
    return rows;
  }

  static List<Path> files(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> zip(String[] header, String[] values) {
    Map<String, String> row = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      row.put(header[i], values[i].isEmpty() ? null : values[i]);
    }
    return row;
  }

  /** One raw line and the day folder it came from. */
  record Line(String dt, boolean csv, String header, String text) {
    /** The line's fields, or null when it does not parse (wrong field count, bad JSON). */
    Map<String, String> parse() {
      if (csv) {
        String[] names = header.split(",");
        String[] values = text.split(",", -1);
        return values.length == names.length ? zip(names, values) : null;
      }
      try {
        Map<String, String> row = new LinkedHashMap<>();
        JSON.readTree(text)
            .fields()
            .forEachRemaining(
                e -> row.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return row;
      } catch (JsonProcessingException e) {
        return null;
      }
    }
  }
}
