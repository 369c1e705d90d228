package io.livecart.cli;

import io.livecart.core.Errors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.runtime.BoxedUnit;

/**
 * The interactive shell of {@code livecart sql}: one warm Spark session for many statements, with
 * line editing and a history kept across sessions. A statement may span lines: it runs once a
 * semicolon ends it. A failed statement prints its error and the shell goes on; Ctrl-C cancels the
 * running statement (or clears the line being typed); {@code exit}, {@code quit} or Ctrl-D leave.
 */
final class SqlShell {
  private static final Logger LOG = LoggerFactory.getLogger(SqlShell.class);

  static final String PROMPT = "livecart> ";
  private static final String CONTINUATION = "      ...> ";
  private static final Set<String> EXIT = Set.of("exit", "quit", "\\q");
  private static final String HELP =
      String.join(
          "\n",
          "Spark SQL over the warehouse. A statement runs once ';' ends it; it may span lines.",
          "  SHOW TABLES IN gold;                 the tables of a database (bronze, silver,"
              + " gold, ops, ml)",
          "  DESCRIBE TABLE EXTENDED gold.rfm;    its columns, with their definitions",
          "  SELECT * FROM ml.gmv_forecast_latest; the latest published night of an output",
          "  SELECT count(*) FROM silver.orders VERSION AS OF 3;   an earlier version",
          "Ctrl-C cancels the running statement; exit, quit or Ctrl-D leaves.");

  private final SparkSession spark;
  private final Terminal terminal;
  private final LineReader reader;
  private final int maxRows;

  private SqlShell(SparkSession spark, Terminal terminal, LineReader reader, int maxRows) {
    this.spark = spark;
    this.terminal = terminal;
    this.reader = reader;
    this.maxRows = maxRows;
  }

  /** A shell on {@code terminal}, its history kept in {@code history}. */
  static SqlShell open(SparkSession spark, Terminal terminal, Path history, int maxRows) {
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("livecart")
            .parser(new StatementParser())
            .variable(LineReader.HISTORY_FILE, history)
            .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .build();
    return new SqlShell(spark, terminal, reader, maxRows);
  }

  /**
   * Reads and runs statements until exit, quit or the end of the input; returns how many failed.
   */
  int run() {
    terminal.writer().println("livecart sql: statements end with ';'. help; shows more.");
    int failed = 0;
    while (true) {
      String text;
      try {
        text = reader.readLine(PROMPT);
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        break;
      }
      String command = command(text);
      if (EXIT.contains(command)) {
        break;
      }
      if (command.equals("help")) {
        terminal.writer().println(HELP);
        continue;
      }
      for (String statement : Statements.split(text)) {
        if (!execute(statement)) {
          failed++;
        }
      }
      terminal.writer().flush();
    }
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      LOG.warn("Could not save the shell's history: {}", e.toString());
    }
    return failed;
  }

  /** Runs one statement and prints its result; false when it failed. */
  private boolean execute(String statement) {
    long start = System.nanoTime();
    Terminal.SignalHandler previous =
        terminal.handle(Terminal.Signal.INT, signal -> spark.sparkContext().cancelAllJobs());
    try {
      Dataset<Row> result = spark.sql(statement);
      if (result.columns().length == 0) {
        result.collect();
        terminal.writer().println("OK");
      } else {
        // Spark prints a result to Scala's Console.out: point it at the terminal.
        terminal.writer().flush();
        PrintStream shown = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
        scala.Console.withOut(
            shown,
            () -> {
              result.show(maxRows, false);
              return BoxedUnit.UNIT;
            });
        shown.flush();
      }
      terminal
          .writer()
          .printf(Locale.ROOT, "(%.2f s)%n", (System.nanoTime() - start) / 1e9)
          .flush();
      return true;
    } catch (Exception e) { // Scala throws AnalysisException without declaring it
      terminal.writer().println(Errors.sqlFailed(statement, e).getMessage());
      return false;
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
    }
  }

  /** The shell's own command a line holds (exit, quit, help), lower-cased; or the line itself. */
  private static String command(String line) {
    return line.strip().replaceAll(";$", "").strip().toLowerCase(Locale.ROOT);
  }

  /** Asks for another line while the text typed so far leaves a statement without its ';'. */
  private static final class StatementParser extends DefaultParser {
    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      String command = command(line);
      if (context == ParseContext.ACCEPT_LINE
          && !EXIT.contains(command)
          && !command.equals("help")
          && !Statements.cut(line).rest().isEmpty()) {
        throw new EOFError(-1, -1, "the statement goes on until ';'");
      }
      return super.parse(line, cursor, context);
    }
  }
}
