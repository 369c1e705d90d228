package io.livecart.jobs.ingest;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.livecart.core.landing.Source;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one source's landing folders of some days as lines with lineage and parsed fields, in one
 * pass however many days.
 *
 * <p>Columns: {@code _raw} (the line as sent), {@code _source_file}, {@code _line_no} (1-based line
 * of the file; a CSV header is line 1 and is not a row), {@code _dt} (the landing day, from the
 * folder {@code dt=YYYY-MM-DD}), {@code _malformed}, {@code _repeated_header} (a CSV line that
 * repeats its file's header, as concatenated exports carry), one STRING column per declared field
 * of the source (null when absent), and {@code _extra}: fields the line carries that the source
 * does not declare (null when none). JSON numbers arrive as text in Spark's rendering (3.50 reads
 * "3.5"); silver casts them to exact decimals.
 */
final class LandingReader {
  /** A quoted CSV field, with doubled quotes inside. */
  private static final String QUOTED = "\"(?:[^\"]|\"\")*\"";

  private final SparkSession spark;

  LandingReader(SparkSession spark) {
    this.spark = spark;
  }

  /** The lines of the days that have a landing folder, and those days. */
  record Landed(Dataset<Row> lines, SortedSet<LocalDate> days) {}

  /** The lines of the files of {@code listing}, checked and not refused; empty without files. */
  Optional<Landed> read(Source source, LandingFiles.Listing listing) {
    List<String> json = new ArrayList<>();
    Map<List<String>, List<String>> csvByHeader = new LinkedHashMap<>();
    for (LandingFiles.File file : listing.files()) {
      if (!file.csv()) {
        json.add(file.path());
      } else if (!file.header().isEmpty()) { // an empty file has no header and no rows
        csvByHeader.computeIfAbsent(file.header(), h -> new ArrayList<>()).add(file.path());
      }
    }
    List<Dataset<Row>> parts = new ArrayList<>();
    Charset charset = listing.charset();
    if (!json.isEmpty()) {
      parts.add(json(source, lines(json, charset)));
    }
    csvByHeader.forEach((header, files) -> parts.add(csv(source, files, header, charset)));
    return parts.stream()
        .reduce(Dataset::unionByName)
        .map(lines -> new Landed(lines, listing.days()));
  }

  /**
   * The files' lines, numbered. Spark splits a file at its line breaks and keeps each line's bytes
   * as they are, so a line of an encoding that writes ASCII as ASCII (the only ones configuration
   * accepts) is decoded from its own bytes; the files were checked to decode strictly.
   *
   * <p>A task reads the lines of each piece of a file (the whole file, or a block of a large one)
   * in their order, so a line's number is its position in its piece plus the lines of the pieces
   * before it. Those come from a second read that keeps one row per piece (its first line's
   * position in the task, and its line count), joined back by broadcast: the lines stream through
   * without a shuffle and a sort, which a window over each file's lines cost (28% of an ingest of
   * 1.6 million interaction lines), and without holding a file in memory.
   */
  private Dataset<Row> lines(List<String> files, Charset charset) {
    Column text =
        charset.equals(StandardCharsets.UTF_8)
            ? col("value")
            : udf(new Decode(charset.name()), DataTypes.StringType)
                .apply(col("value").cast("binary"));
    Dataset<Row> read =
        spark
            .read()
            .text(files.toArray(String[]::new))
            .select(
                text.as("_raw"),
                col("_metadata.file_path").as("_source_file"),
                col("_metadata.file_block_start").as("_block"),
                monotonically_increasing_id().as("_seq"));
    Dataset<Row> pieces =
        read.groupBy("_source_file", "_block")
            .agg(min("_seq").as("_first"), count(lit(1)).as("_lines"))
            .withColumn(
                "_before",
                coalesce(
                    sum("_lines")
                        .over(
                            Window.partitionBy("_source_file")
                                .orderBy("_block")
                                .rowsBetween(Window.unboundedPreceding(), -1)),
                    lit(0L)))
            .drop("_lines");
    return read.join(broadcast(pieces), new String[] {"_source_file", "_block"})
        .select(
            regexp_replace(col("_raw"), "^\uFEFF", "").as("_raw"), // a byte-order mark
            col("_source_file"),
            col("_seq").minus(col("_first")).plus(col("_before")).plus(1).as("_line_no"),
            regexp_extract(col("_source_file"), "/dt=(\\d{4}-\\d{2}-\\d{2})/", 1)
                .cast("date")
                .as("_dt"));
  }

  /**
   * JSON lines, each parsed once, into a map of its fields as text: null for a line that is not a
   * JSON object (malformed), and it gives both the declared fields and the others ({@code _extra}).
   * An object that repeats a key is parsed again into the declared fields' struct, which takes the
   * key's last value, as most JSON readers do; the map would give its first. (A parse allocates an
   * 8 KB buffer in Spark's {@code from_json}: three parses a line were a third of an ingest.)
   */
  private Dataset<Row> json(Source source, Dataset<Row> lines) {
    String declared =
        source.fields().stream().map(f -> "'" + f + "'").collect(Collectors.joining(","));
    Dataset<Row> objects =
        lines
            .withColumn("_object", expr("from_json(_raw, 'map<string,string>')"))
            .withColumn(
                "_extra", expr("map_filter(_object, (k, v) -> NOT k IN (" + declared + "))"));
    Column keys = map_keys(col("_object"));
    Column repeatsAKey = size(keys).notEqual(size(array_distinct(keys)));
    Column lastValues = from_json(col("_raw"), strings(source.fields()));
    List<Column> columns =
        new ArrayList<>(List.of(col("_raw"), col("_source_file"), col("_line_no"), col("_dt")));
    columns.add(col("_object").isNull().as("_malformed"));
    columns.add(lit(false).as("_repeated_header"));
    for (String field : source.fields()) {
      columns.add(
          when(repeatsAKey, lastValues.getField(field))
              .otherwise(col("_object").getItem(field))
              .as(field));
    }
    columns.add(when(size(col("_extra")).gt(0), col("_extra")).as("_extra"));
    return objects.select(columns.toArray(Column[]::new));
  }

  /**
   * The options of a line's one CSV parse: Spark's default mode, said aloud. Without options
   * Spark's optimizer gives every field read from the parse a parse of its own that skips the other
   * fields ({@code OptimizeCsvJsonExprs}), so a line of the orders' 18 fields was parsed 18 times:
   * 44% of their ingest's CPU. With any option the fields share one parse.
   */
  private static final Map<String, String> ONE_PARSE = Map.of("mode", "PERMISSIVE");

  /** CSV files sharing one header. */
  private Dataset<Row> csv(
      Source source, List<String> files, List<String> header, Charset charset) {
    Dataset<Row> lines = lines(files, charset).filter(col("_line_no").gt(1));
    Column unquoted = regexp_replace(col("_raw"), QUOTED, "");
    Column malformed =
        unquoted.contains("\"").or(size(split(unquoted, ",", -1)).notEqual(header.size()));
    Column parsed = from_csv(col("_raw"), lit(strings(header).toDDL()), ONE_PARSE);
    List<Column> columns =
        new ArrayList<>(
            List.of(
                col("_raw"),
                col("_source_file"),
                col("_line_no"),
                col("_dt"),
                malformed.as("_malformed"),
                regexp_replace(col("_raw"), "[\"\\s]", "")
                    .equalTo(String.join(",", header).replaceAll("[\"\\s]", ""))
                    .as("_repeated_header")));
    for (String field : source.fields()) {
      columns.add(
          header.contains(field)
              ? parsed.getField(field).as(field)
              : lit(null).cast(DataTypes.StringType).as(field));
    }
    List<Column> extra = new ArrayList<>();
    for (String name : header) {
      if (!source.fields().contains(name)) {
        extra.add(lit(name));
        extra.add(parsed.getField(name));
      }
    }
    columns.add(
        extra.isEmpty()
            ? lit(null)
                .cast(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
                .as("_extra")
            : org.apache.spark.sql.functions.map(extra.toArray(Column[]::new)).as("_extra"));
    return lines.select(columns.toArray(Column[]::new));
  }

  /** A line's bytes decoded in a named encoding. */
  private record Decode(String charset) implements UDF1<byte[], String> {
    @Override
    public String call(byte[] line) {
      return line == null ? null : new String(line, Charset.forName(charset));
    }
  }

  static StructType strings(List<String> fields) {
    StructType schema = new StructType();
    for (String field : fields) {
      schema = schema.add(field, DataTypes.StringType);
    }
    return schema;
  }
}
