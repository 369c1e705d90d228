package io.livecart.cli;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run SQL statements (separated by ';') against the warehouse (databases bronze, silver,"
          + " gold, ops) and print the last result as a table, or write it as CSV.",
      "Time travel works on every table: SELECT * FROM silver.orders VERSION AS OF 3."
    })
final class SqlCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @ArgGroup(multiplicity = "1")
  Input input;

  static final class Input {
    @Parameters(paramLabel = "SQL", description = "The statements to run.")
    String sql;

    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        description = "Read the statements from a .sql file.")
    Path file;
  }

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description =
          "Write the last result to FILE as CSV (UTF-8, header row) instead of printing it.")
  Path csv;

  @Option(
      names = "--max-rows",
      paramLabel = "N",
      defaultValue = "50",
      description = "Rows printed at most. Default: ${DEFAULT-VALUE}.")
  int maxRows;

  @Override
  public Integer call() throws IOException {
    LiveCartConfig config = parent.config();
    String text = input.file != null ? Files.readString(input.file) : input.sql;
    List<String> statements = split(text);
    if (statements.isEmpty()) {
      throw Errors.badOption("SQL", text, "at least one statement");
    }
    parent.withSpark(
        config,
        "livecart sql",
        spark -> {
          Catalog.register(spark, config);
          Dataset<Row> result = null;
          for (String statement : statements) {
            try {
              result = spark.sql(statement);
              if (statement != statements.get(statements.size() - 1)) {
                result.collect();
              }
            } catch (RuntimeException e) {
              throw Errors.sqlFailed(statement, e);
            }
          }
          if (csv != null) {
            writeCsv(result, csv);
            parent.out().println("Wrote " + csv);
          } else {
            result.show(maxRows, false);
          }
        });
    return 0;
  }

  /** Splits on semicolons outside quotes and backticks; drops empty statements. */
  static List<String> split(String text) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == ';') {
        add(statements, current);
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    add(statements, current);
    return statements;
  }

  private static void add(List<String> statements, StringBuilder statement) {
    String trimmed = statement.toString().strip();
    if (!trimmed.isEmpty()) {
      statements.add(trimmed);
    }
  }

  private static void writeCsv(Dataset<Row> result, Path file) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(String.join(",", result.columns()) + "\n");
      Iterator<Row> rows = result.toLocalIterator();
      StringBuilder line = new StringBuilder();
      while (rows.hasNext()) {
        Row row = rows.next();
        line.setLength(0);
        for (int i = 0; i < row.length(); i++) {
          if (i > 0) {
            line.append(',');
          }
          Object value = row.get(i);
          if (value != null) {
            String s = value.toString();
            line.append(
                s.contains(",") || s.contains("\"") || s.contains("\n")
                    ? '"' + s.replace("\"", "\"\"") + '"'
                    : s);
          }
        }
        out.write(line.append('\n').toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
