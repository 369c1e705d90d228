package io.livecart.cli;

import io.livecart.core.Errors;
import io.livecart.core.ExitCode;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
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
          + " gold, ops, ml) and print the last result as a table, or write it as CSV.",
      "Without SQL or --file, an interactive shell: one warm session for many statements, each"
          + " running once ';' ends it (it may span lines), with line editing and a history kept"
          + " in ~/.livecart_sql_history.",
      "Time travel works on every table: SELECT * FROM silver.orders VERSION AS OF 3."
    })
final class SqlCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @ArgGroup(multiplicity = "0..1")
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
    if (input == null) {
      return shell(config);
    }
    String text = input.file != null ? Files.readString(input.file) : input.sql;
    List<String> statements = Statements.split(text);
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
            } catch (Exception e) { // Scala throws AnalysisException without declaring it
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

  private int shell(LiveCartConfig config) throws IOException {
    if (csv != null) {
      throw Errors.badOption("--csv", csv.toString(), "SQL or --file to write the result of");
    }
    int[] failed = {0};
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      parent.withSpark(
          config,
          "livecart sql",
          spark -> {
            Catalog.register(spark, config);
            failed[0] =
                SqlShell.open(
                        spark,
                        terminal,
                        Path.of(System.getProperty("user.home"), ".livecart_sql_history"),
                        maxRows)
                    .run();
          });
    }
    return failed[0] == 0 ? 0 : ExitCode.BAD_INPUT.code();
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
