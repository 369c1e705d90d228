package io.livecart.jobs.ingest;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import io.livecart.jobs.silver.Silver;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The files of one source's landing folders, each checked whole before any line of it is read, so
 * that a file is either read line by line (every line to bronze or quarantine) or refused whole
 * with its problem and the fix. A landing folder holds {@code *.jsonl} or {@code *.json} (JSON
 * Lines), {@code *.csv} for the sources that accept CSV, each optionally gzipped ({@code .gz});
 * names starting with {@code _} or {@code .} (markers such as {@code _SUCCESS}) are ignored.
 *
 * <p>A file is decoded in its source's encoding ({@link LiveCartConfig#encoding}): UTF-8 (a
 * byte-order mark is fine) unless {@code livecart.landing-encodings} names another, such as the
 * GB18030/GBK of Chinese merchant back-ends.
 *
 * <p>Refused: any other file (it would be silently skipped otherwise); bytes that do not decode
 * strictly in the source's encoding, with a hint when an undeclared file decodes as GB18030/GBK:
 * nothing is guessed, so nothing is written as mojibake; a gzip file that is truncated or corrupt;
 * a CSV file whose header lacks a field every row needs.
 */
final class LandingFiles {
  private static final Charset GB18030 = Charset.forName("GB18030");

  /**
   * A file to read: its path, landing day and, for CSV, its header's field names.
   *
   * @param bytes its size decoded (after gunzip if gzipped)
   */
  record File(String path, LocalDate day, boolean csv, List<String> header, long bytes) {}

  /** A file refused whole: the problem and what to do. */
  record Refusal(String path, String problem, String fix) {
    @Override
    public String toString() {
      return path + ": " + problem + ". " + fix;
    }
  }

  /**
   * @param days the days that have a landing folder
   * @param charset the encoding the files decoded in
   */
  record Listing(
      SortedSet<LocalDate> days, List<File> files, List<Refusal> refused, Charset charset) {
    /** The size of the accepted files, decoded. */
    long bytes() {
      return files.stream().mapToLong(File::bytes).sum();
    }

    /** The part of this listing on {@code some} of its days (its refusals are the whole's). */
    Listing of(SortedSet<LocalDate> some) {
      SortedSet<LocalDate> kept = new TreeSet<>(days);
      kept.retainAll(some);
      return new Listing(
          kept,
          files.stream().filter(file -> some.contains(file.day())).toList(),
          refused,
          charset);
    }
  }

  private LandingFiles() {}

  /**
   * Lists and checks the files of {@code source} on {@code days}. A CSV header must name the fields
   * every row needs ({@link Silver#requiredFields}).
   */
  static Listing list(
      SparkSession spark, LiveCartConfig config, Source source, Collection<LocalDate> days) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String landing = config.landing();
    List<String> required = Silver.requiredFields(config, source);
    Charset charset = config.encoding(source);
    SortedSet<LocalDate> present = new TreeSet<>();
    List<File> files = new ArrayList<>();
    List<Refusal> refused = new ArrayList<>();
    for (LocalDate day : days) {
      Path folder = new Path(landing + "/" + source.folder() + "/dt=" + day);
      try {
        FileSystem fs = folder.getFileSystem(hadoop);
        if (!fs.exists(folder)) {
          continue;
        }
        present.add(day);
        FileStatus[] children = fs.listStatus(folder);
        Arrays.sort(children);
        for (FileStatus child : children) {
          String name = child.getPath().getName();
          if (name.startsWith("_") || name.startsWith(".")) {
            continue;
          }
          String path = child.getPath().toString();
          String plain = name.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
          boolean json = plain.endsWith(".jsonl") || plain.endsWith(".json");
          boolean csv = plain.endsWith(".csv");
          if (child.isDirectory() || !(json || csv)) {
            refused.add(
                new Refusal(
                    path,
                    "not a landing file (expected *.jsonl or *.json"
                        + (source.csvAllowed() ? ", or *.csv" : "")
                        + ", optionally gzipped as *.gz)",
                    "Move it out of the landing folder, or rename it if it is one of these"));
            continue;
          }
          if (csv && !source.csvAllowed()) {
            refused.add(
                new Refusal(
                    path,
                    source.folder() + " arrives as JSON Lines only, not CSV",
                    "Deliver it as *.jsonl, one JSON object per line"));
            continue;
          }
          Checked checked =
              check(
                  fs,
                  child.getPath(),
                  name.toLowerCase(Locale.ROOT).endsWith(".gz"),
                  source,
                  charset);
          if (checked.refusal() != null) {
            refused.add(new Refusal(path, checked.refusal(), checked.fix()));
            continue;
          }
          List<String> header = csv ? header(checked.firstLine()) : List.of();
          if (csv && !header.isEmpty()) {
            List<String> missing = new ArrayList<>(required);
            missing.removeAll(header);
            if (!missing.isEmpty()) {
              refused.add(
                  new Refusal(
                      path,
                      "its header lacks "
                          + String.join(", ", missing)
                          + " (it has: "
                          + String.join(", ", header)
                          + ")",
                      "Name the columns in the first line, in any order, with the field names of "
                          + source.folder()
                          + ": "
                          + String.join(", ", source.fields())));
              continue;
            }
          }
          files.add(new File(path, day, csv, header, checked.bytes()));
        }
      } catch (IOException e) {
        throw Errors.cannotRead(folder.toString(), e);
      }
    }
    return new Listing(present, files, refused, charset);
  }

  /** A CSV header's field names: BOM, blanks and quotes around a name removed. */
  static List<String> header(String firstLine) {
    if (firstLine == null || firstLine.isBlank()) {
      return List.of();
    }
    return Arrays.stream(firstLine.replace("\uFEFF", "").split(",", -1))
        .map(String::strip)
        .map(
            name ->
                name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")
                    ? name.substring(1, name.length() - 1).strip()
                    : name)
        .toList();
  }

  /** What reading a file whole found: its first line and decoded size, or why it is refused. */
  private record Checked(String firstLine, long bytes, String refusal, String fix) {
    static Checked accepted(Decoded decoded) {
      return new Checked(decoded.firstLine(), decoded.bytes(), null, null);
    }

    static Checked refused(String refusal, String fix) {
      return new Checked(null, 0, refusal, fix);
    }
  }

  /**
   * What decoding a file whole found: its first line, its size and whether every character was
   * ASCII (known for encodings other than UTF-8 only), or the byte where decoding failed.
   */
  private record Decoded(String firstLine, long bytes, boolean ascii, long badByte) {
    boolean ok() {
      return badByte < 0;
    }
  }

  /**
   * Checks that the file decodes strictly in {@code charset}. A file declared in another encoding
   * than UTF-8 must not also read as UTF-8 with characters beyond ASCII: Chinese text in UTF-8 is
   * valid GB18030 too, and decoding it so would land mojibake.
   */
  private static Checked check(
      FileSystem fs, Path file, boolean gzipped, Source source, Charset charset)
      throws IOException {
    String declare = "livecart.landing-encodings." + source.folder();
    try {
      Decoded decoded = decode(fs, file, gzipped, charset);
      boolean utf8 = charset.equals(StandardCharsets.UTF_8);
      if (decoded.ok() && (utf8 || decoded.ascii())) {
        return Checked.accepted(decoded);
      }
      if (utf8) {
        return decode(fs, file, gzipped, GB18030).ok()
            ? Checked.refused(
                "not UTF-8 (byte "
                    + decoded.badByte()
                    + "); it reads as GB18030/GBK, as Chinese back-ends export",
                "Declare the source's encoding (--set landing-encodings."
                    + source.folder()
                    + "=GB18030, or "
                    + declare
                    + " in your configuration), or convert the file to UTF-8"
                    + " (iconv -f GB18030 -t UTF-8); nothing is decoded by guess, so nothing"
                    + " lands as mojibake")
            : Checked.refused(
                "not UTF-8 (invalid bytes at byte " + decoded.badByte() + ")",
                "Export it again as UTF-8 (with or without a byte-order mark)");
      }
      if (!decoded.ok()) {
        return Checked.refused(
            "not " + charset.name() + " (invalid bytes at byte " + decoded.badByte() + ")",
            "Export it again in "
                + charset.name()
                + ", or correct "
                + declare
                + " if the source's files are in another encoding");
      }
      return decode(fs, file, gzipped, StandardCharsets.UTF_8).ok()
          ? Checked.refused(
              "declared "
                  + charset.name()
                  + " ("
                  + declare
                  + ") but it reads as UTF-8, so it cannot be decoded without a guess",
              "Deliver the source's files in "
                  + charset.name()
                  + " only, or remove "
                  + declare
                  + " if they are UTF-8 now")
          : Checked.accepted(decoded);
    } catch (EOFException | ZipException e) {
      return Checked.refused(
          "a truncated or corrupt gzip file (" + e.getMessage() + ")",
          "Deliver it again whole; check the upload finished (gzip -t tests a file)");
    }
  }

  /** Reads the file once, decoding it strictly in {@code charset} (after gunzip if gzipped). */
  private static Decoded decode(FileSystem fs, Path file, boolean gzipped, Charset charset)
      throws IOException {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    StringBuilder first = new StringBuilder();
    boolean firstDone = false;
    boolean ascii = true;
    boolean trackAscii = !charset.equals(StandardCharsets.UTF_8);
    long offset = 0;
    byte[] chunk = new byte[1 << 16];
    ByteBuffer in = ByteBuffer.allocate(chunk.length + 8);
    CharBuffer out = CharBuffer.allocate(chunk.length + 8);
    try (InputStream stream = open(fs, file, gzipped)) {
      while (true) {
        int read = stream.read(chunk);
        boolean end = read < 0;
        if (!end) {
          in.put(chunk, 0, read);
        }
        in.flip();
        int before = in.position();
        CoderResult result = decoder.decode(in, out, end);
        if (result.isError()) {
          return new Decoded(null, 0, false, offset + in.position());
        }
        offset += in.position() - before;
        in.compact();
        out.flip();
        // Only the first line and, for another encoding than UTF-8, whether all is ASCII are
        // needed:
        // a UTF-8 file's characters are not walked past its first line.
        while (out.hasRemaining() && (!firstDone || (trackAscii && ascii))) {
          char c = out.get();
          ascii &= c < 0x80;
          if (!firstDone) {
            firstDone = c == '\n' || c == '\r';
            if (!firstDone) {
              first.append(c);
            }
          }
        }
        out.clear();
        if (end) {
          if (decoder.flush(out).isError() || in.position() > 0) {
            return new Decoded(null, 0, false, offset);
          }
          return new Decoded(first.toString(), offset, ascii, -1);
        }
      }
    }
  }

  private static InputStream open(FileSystem fs, Path file, boolean gzipped) throws IOException {
    InputStream raw = new BufferedInputStream(fs.open(file), 1 << 16);
    return gzipped ? new GZIPInputStream(raw, 1 << 16) : raw;
  }
}
