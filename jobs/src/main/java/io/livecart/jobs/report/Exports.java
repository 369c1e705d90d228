package io.livecart.jobs.report;

import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Publication;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.OutputFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The planners' exports of a night: one CSV file per published output (UTF-8 with a byte-order
 * mark, so Excel opens the Chinese text as Chinese), and one Excel workbook with a sheet per output
 * (fastexcel: a streaming writer, so a large output never sits in memory whole), under {@code
 * <reports>/<date>/}. The rows are those of the night in each output's table; outputs the warehouse
 * does not hold are left out.
 */
public final class Exports {
  /** An Excel sheet holds at most this many rows under its header. */
  static final int SHEET_ROWS = 1_048_575;

  /** What was written: the folder, the files, rows per export. */
  public record Written(String folder, List<String> files, Map<String, Long> rows) {}

  private Exports() {}

  /** The folder of a night's report and exports. */
  public static Path folder(LiveCartConfig config, LocalDate asOf) {
    return new Path(config.reports() + "/" + asOf);
  }

  /**
   * {@code table} as SQL reads it from the configured warehouse (by path, whatever the session's
   * catalog was last pointed at), or empty when the warehouse does not hold it.
   */
  static Optional<String> source(SparkSession spark, LiveCartConfig config, Table table) {
    return table.exists(spark, config)
        ? Optional.of(table.byPath(spark, config))
        : Optional.empty();
  }

  /** Writes the night's CSV files and workbook, replacing earlier ones of the same night. */
  public static Written write(SparkSession spark, LiveCartConfig config, LocalDate asOf) {
    long start = System.nanoTime();
    Path folder = folder(config, asOf);
    List<String> files = new ArrayList<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    Path workbookPath = new Path(folder, "livecart-" + asOf + ".xlsx");
    try {
      FileSystem fs = OutputFiles.of(folder, spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(folder);
      try (OutputStream xlsx = fs.create(workbookPath, true)) {
        Workbook workbook = new Workbook(xlsx, "livecart", "1.0");
        for (Publication.Output output : Publication.OUTPUTS) {
          Optional<String> source = source(spark, config, output.table());
          if (source.isEmpty()) {
            continue;
          }
          String name = output.table().name();
          Dataset<Row> rows =
              spark.sql(
                  String.format(
                      "SELECT * FROM %s WHERE %s = %s ORDER BY %s",
                      source.get(), output.dateColumn(), SqlDates.literal(asOf), output.order()));
          Path csv = new Path(folder, name + ".csv");
          Worksheet sheet = workbook.newWorksheet(output.sheet());
          long written = write(rows, fs, csv, sheet);
          sheet.finish();
          counts.put(name, written);
          files.add(csv.toString());
        }
        workbook.finish();
      }
      files.add(workbookPath.toString());
    } catch (IOException e) {
      throw Errors.cannotWrite(folder.toString(), e);
    }
    Steps.log("exports " + asOf, counts.values().stream().mapToLong(Long::longValue).sum(), start);
    return new Written(folder.toString(), files, counts);
  }

  /** Streams {@code rows} into a CSV file and a sheet; returns the rows written. */
  private static long write(Dataset<Row> rows, FileSystem fs, Path csv, Worksheet sheet)
      throws IOException {
    String[] columns = rows.columns();
    long count = 0;
    try (OutputStream out = fs.create(csv, true);
        Writer writer = bom(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        CSVPrinter printer = CSVFormat.EXCEL.builder().setHeader(columns).get().print(writer)) {
      for (int c = 0; c < columns.length; c++) {
        sheet.value(0, c, columns[c]);
        sheet.style(0, c).bold().set();
      }
      Iterator<Row> it = rows.toLocalIterator();
      while (it.hasNext()) {
        Row row = it.next();
        List<String> values = new ArrayList<>(columns.length);
        for (int c = 0; c < columns.length; c++) {
          Object value = row.get(c);
          values.add(text(value));
          if (count < SHEET_ROWS) {
            cell(sheet, (int) count + 1, c, value);
          }
        }
        printer.printRecord(values);
        count++;
      }
    }
    return count;
  }

  /** {@code writer} after a byte-order mark: Excel reads the file as UTF-8 only with one. */
  private static Writer bom(Writer writer) throws IOException {
    writer.write('\uFEFF');
    return writer;
  }

  /** A value as CSV text: ISO dates, plain decimals, lists joined by semicolons. */
  static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      return scala.jdk.javaapi.CollectionConverters.asJava(seq).stream()
          .map(Exports::text)
          .collect(Collectors.joining(";"));
    }
    if (value instanceof scala.collection.Map<?, ?> map) {
      return scala.jdk.javaapi.CollectionConverters.asJava(map).entrySet().stream()
          .map(e -> text(e.getKey()) + "=" + text(e.getValue()))
          .collect(Collectors.joining(";"));
    }
    return value.toString();
  }

  private static void cell(Worksheet sheet, int r, int c, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof Number n) {
      sheet.value(r, c, n);
    } else if (value instanceof Boolean b) {
      sheet.value(r, c, b);
    } else if (value instanceof Date d) {
      sheet.value(r, c, d.toLocalDate());
      sheet.style(r, c).format("yyyy-mm-dd").set();
    } else if (value instanceof Timestamp t) {
      sheet.value(r, c, t.toLocalDateTime());
      sheet.style(r, c).format("yyyy-mm-dd hh:mm:ss").set();
    } else {
      sheet.value(r, c, text(value));
    }
  }
}
