package io.livecart.jobs.generate;

import io.livecart.core.Errors;
import io.livecart.core.landing.DirtyKind;
import io.livecart.core.landing.Source;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The landing files of one business day: {@code <landing>/<source>/dt=YYYY-MM-DD/part-NNNNN.ext}.
 * Opening a day deletes what an earlier run wrote for it, so regenerating a day is idempotent. Each
 * {@link RowWriter} belongs to one thread.
 *
 * <p>With a dirty rate above zero, each clean row is followed, with that probability, by one bad
 * row of a kind its source can suffer (or, for {@link DirtyKind#EXTRA_COLUMN}, is itself written
 * with an extra field). Bad rows never replace clean ones, so the truth files hold with or without
 * dirt. Every injection is counted for the manifest.
 */
final class LandingDay implements Closeable {
  private static final Map<Source, Set<DirtyKind>> KINDS = kindsBySource();

  private final FileSystem fs;
  private final String landing;
  private final LocalDate day;
  private final Set<Source> csvSources;
  private final double dirtyRate;
  private final long seed;
  private final List<RowWriter> writers = new ArrayList<>();

  LandingDay(
      FileSystem fs,
      String landing,
      LocalDate day,
      Set<Source> csvSources,
      double dirtyRate,
      long seed) {
    this.fs = fs;
    this.landing = landing;
    this.day = day;
    this.csvSources = csvSources;
    this.dirtyRate = dirtyRate;
    this.seed = seed;
    try {
      for (Source source : Source.values()) {
        fs.delete(folder(source), true);
      }
    } catch (IOException e) {
      throw Errors.cannotWrite(landing, e);
    }
  }

  private Path folder(Source source) {
    return new Path(landing + "/" + source.folder() + "/dt=" + day);
  }

  synchronized RowWriter writer(Source source, int part) {
    boolean csv = csvSources.contains(source);
    Path file = new Path(folder(source), Text.padded("part-", part, 5) + (csv ? ".csv" : ".jsonl"));
    try {
      Writer out =
          new BufferedWriter(
              new OutputStreamWriter(fs.create(file, true), StandardCharsets.UTF_8), 1 << 16);
      SplittableRandom dirt =
          Rng.of(seed, Rng.DIRT, day.toEpochDay() * 64 + source.ordinal(), part);
      RowWriter writer = new RowWriter(source, part, csv, out, file.toString(), dirt);
      writers.add(writer);
      return writer;
    } catch (IOException e) {
      throw Errors.cannotWrite(file.toString(), e);
    }
  }

  /** Injected bad rows of this day by source and kind (only nonzero counts). */
  synchronized Map<Source, Map<DirtyKind, Long>> manifest() {
    Map<Source, Map<DirtyKind, Long>> counts = new EnumMap<>(Source.class);
    for (RowWriter writer : writers) {
      writer.injected.forEach(
          (kind, n) ->
              counts
                  .computeIfAbsent(writer.source, s -> new EnumMap<>(DirtyKind.class))
                  .merge(kind, n, Long::sum));
    }
    return counts;
  }

  /** Lines written this day, clean and bad, by source. */
  synchronized Map<Source, Long> lines() {
    Map<Source, Long> counts = new EnumMap<>(Source.class);
    for (RowWriter writer : writers) {
      counts.merge(writer.source, writer.lines, Long::sum);
    }
    return counts;
  }

  @Override
  public synchronized void close() {
    for (RowWriter writer : writers) {
      writer.close();
    }
  }

  /** Writes the rows of one file; values come in {@link Source#fields()} order. */
  final class RowWriter {
    private final Source source;
    private final int part;
    private final boolean csv;
    private final Writer out;
    private final String file;
    private final SplittableRandom dirt;
    private final DirtyKind[] kinds;
    private final Map<DirtyKind, Long> injected = new EnumMap<>(DirtyKind.class);
    private long lines;

    private RowWriter(
        Source source, int part, boolean csv, Writer out, String file, SplittableRandom dirt) {
      this.source = source;
      this.part = part;
      this.csv = csv;
      this.out = out;
      this.file = file;
      this.dirt = dirt;
      this.kinds =
          KINDS.get(source).stream()
              .filter(k -> !(csv && k == DirtyKind.EXTRA_COLUMN))
              .toArray(DirtyKind[]::new);
      if (csv) {
        line(String.join(",", source.fields()));
        lines--;
      }
    }

    void write(Object[] values) {
      if (dirtyRate <= 0 || dirt.nextDouble() >= dirtyRate) {
        line(format(values, false));
        return;
      }
      DirtyKind kind = kinds[dirt.nextInt(kinds.length)];
      if (kind == DirtyKind.EXTRA_COLUMN) {
        line(format(values, true));
      } else {
        String clean = format(values, false);
        String token = day.toString().replace("-", "") + "P" + part + "L" + lines;
        String bad = BadRows.derive(kind, source, values, clean, csv, dirt, token, this::format);
        line(clean);
        if (bad == null) {
          return;
        }
        line(bad);
      }
      injected.merge(kind, 1L, Long::sum);
    }

    private String format(Object[] values, boolean extraColumn) {
      StringBuilder text = new StringBuilder(160);
      List<String> fields = source.fields();
      if (csv) {
        for (int i = 0; i < values.length; i++) {
          if (i > 0) {
            text.append(',');
          }
          appendCsv(text, values[i]);
        }
        return text.toString();
      }
      text.append('{');
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          text.append(',');
        }
        text.append('"').append(fields.get(i)).append("\":");
        appendJson(text, values[i]);
      }
      if (extraColumn) {
        text.append(",\"client_version\":\"7.3.").append(dirt.nextInt(10)).append('"');
      }
      return text.append('}').toString();
    }

    private void line(String text) {
      try {
        out.write(text);
        out.write('\n');
        lines++;
      } catch (IOException e) {
        throw Errors.cannotWrite(file, e);
      }
    }

    private void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static void appendJson(StringBuilder text, Object value) {
    if (value == null) {
      text.append("null");
    } else if (value instanceof String s) {
      text.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> text.append("\\\"");
          case '\\' -> text.append("\\\\");
          case '\n' -> text.append("\\n");
          default -> {
            if (c < 0x20) {
              text.append(String.format("\\u%04x", (int) c));
            } else {
              text.append(c);
            }
          }
        }
      }
      text.append('"');
    } else {
      text.append(value);
    }
  }

  static void appendCsv(StringBuilder text, Object value) {
    if (value == null) {
      return;
    }
    String s = value.toString();
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
      text.append('"').append(s.replace("\"", "\"\"")).append('"');
    } else {
      text.append(s);
    }
  }

  private static Map<Source, Set<DirtyKind>> kindsBySource() {
    Map<Source, Set<DirtyKind>> kinds = new EnumMap<>(Source.class);
    Set<DirtyKind> common =
        Set.of(DirtyKind.DUPLICATE, DirtyKind.MALFORMED_LINE, DirtyKind.EXTRA_COLUMN);
    kinds.put(
        Source.ORDERS,
        union(
            common,
            DirtyKind.UNKNOWN_SKU,
            DirtyKind.NEGATIVE_AMOUNT,
            DirtyKind.ABSURD_AMOUNT,
            DirtyKind.UNPARSEABLE_TIMESTAMP,
            DirtyKind.FUTURE_TIMESTAMP,
            DirtyKind.LATE_UPDATE));
    kinds.put(
        Source.VIEWING, union(common, DirtyKind.UNPARSEABLE_TIMESTAMP, DirtyKind.FUTURE_TIMESTAMP));
    kinds.put(
        Source.INTERACTIONS,
        union(common, DirtyKind.UNPARSEABLE_TIMESTAMP, DirtyKind.FUTURE_TIMESTAMP));
    kinds.put(Source.LIVE_SESSIONS, union(common, DirtyKind.UNPARSEABLE_TIMESTAMP));
    kinds.put(Source.AD_SPEND, union(common, DirtyKind.NEGATIVE_AMOUNT));
    kinds.put(Source.PRODUCTS, union(common, DirtyKind.NEGATIVE_AMOUNT));
    kinds.put(Source.INVENTORY, union(common, DirtyKind.NEGATIVE_AMOUNT));
    kinds.put(Source.USERS, union(common, DirtyKind.UNPARSEABLE_TIMESTAMP));
    return kinds;
  }

  private static Set<DirtyKind> union(Set<DirtyKind> base, DirtyKind... more) {
    java.util.EnumSet<DirtyKind> all = java.util.EnumSet.copyOf(base);
    all.addAll(List.of(more));
    return all;
  }
}
