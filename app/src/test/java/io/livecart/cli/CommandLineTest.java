package io.livecart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {
  @TempDir Path temp;

  /** Exit code, standard output and standard error of one command line. */
  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "generate | --scale=SCALE | --dirty=RATE | --from=DATE | --world-start=DATE",
        "sql      | --csv=FILE    | --file=FILE  | --max-rows=N | VERSION AS OF",
        "ingest   | --date=DATE   | --from=DATE  | --to=DATE    | keyed hash",
        "check-landing | --date=DATE | --from=DATE | docs/landing.md | writing nothing",
        "build    | --date=DATE   | --from=DATE  | --to=DATE    | SCD type 2",
        "train    | --date=DATE   | --model=MODEL | replenishment | rolling-origin backtest",
        "score    | --date=DATE   | --model=MODEL | selection    | ml.replenishment_plan",
        "report   | --date=DATE   | byte-order    | Excel workbook | planner report",
        "docs     | --out=FILE    | sql/tables.conf | Markdown     | Starts no Spark"
      })
  void everySubcommandHasHelp(
      String command, String first, String second, String third, String fourth) {
    Run run = run(command, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "Usage: livecart " + command,
            first,
            second,
            third,
            fourth,
            "--root=DIR",
            "--config=FILE");
  }

  @Test
  void theTopHelpListsCommandsAndExitCodes() {
    Run run = run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "generate", "sql", "Exit codes:", "2  bad arguments, configuration or landing files");
  }

  @Test
  void badValuesExitWithTwoAndOneLine() {
    Run scale = run("generate", "--scale", "huge", "--root", temp.toString());
    Run date = run("generate", "--from", "2025-13-01");
    Run both =
        run("generate", "--date", "2025-01-02", "--to", "2025-01-03", "--root", temp.toString());
    Run unknown = run("ingest-everything");

    assertThat(scale.exitCode()).isEqualTo(2);
    assertThat(scale.err())
        .isEqualTo(
            "livecart: Invalid value 'huge' for --scale: expected tiny, small, medium or large.\n");
    assertThat(date.exitCode()).isEqualTo(2);
    assertThat(date.err())
        .startsWith("livecart: Invalid value for option '--from': '2025-13-01'")
        .contains("Run 'livecart generate --help' for usage.");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("expected either --date or --from/--to, not both");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unmatched argument at index 0: 'ingest-everything'");
  }

  @Test
  void aModelIsNamedByItsLabelAndOnlyTrainedModelsTrain() {
    Run selection = run("train", "--date", "2025-01-01", "--model", "selection");
    Run unknown = run("score", "--date", "2025-01-01", "--model", "REPURCHASE");

    assertThat(selection.exitCode()).isEqualTo(2);
    assertThat(selection.err())
        .isEqualTo(
            "livecart: Invalid value 'selection' for --model: expected a trained model:"
                + " repurchase, gmv_forecast, replenishment (selection is a rule, only scored).\n");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "expected one of repurchase, gmv_forecast, replenishment, selection but was"
                + " 'REPURCHASE'");
    assertThat(run("train", "--help").out().replaceAll("\\s+", " "))
        .contains("Train only this model: repurchase, gmv_forecast, replenishment (default: all).");
  }

  @Test
  void generateWritesOneDayIntoTheRoot() {
    Run run = run("generate", "--root", temp.toString(), "--date", "2025-01-01");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Generated 2025-01-01..2025-01-01: ");
    assertThat(temp.resolve("landing/orders/dt=2025-01-01/part-00000.csv")).exists();
    assertThat(temp.resolve("truth/dirty/dt=2025-01-01/manifest.csv")).exists();
  }

  @Test
  void aMissingConfigFileExitsWithTwo() {
    Path missing = temp.resolve("missing.conf");

    Run run = run("generate", "--config", missing.toString(), "--date", "2025-01-01");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "livecart: Config file "
                + missing
                + " does not exist. Check the path given with --config or LIVECART_CONFIG.\n");
    assertThat(Files.exists(temp.resolve("landing"))).isFalse();
  }

  @Test
  void statementsSplitOnSemicolonsOutsideQuotesAndComments() {
    assertThat(Statements.split("SELECT ';' AS a; SELECT 2 ;; SELECT `x;y` FROM t"))
        .containsExactly("SELECT ';' AS a", "SELECT 2", "SELECT `x;y` FROM t");
    assertThat(Statements.split("-- the day's orders; all of them\nSELECT 'it\\'s;' /* a; b */;"))
        .containsExactly("-- the day's orders; all of them\nSELECT 'it\\'s;' /* a; b */");
    assertThat(Statements.cut("SELECT 1; SELECT\n  2"))
        .isEqualTo(new Statements.Cut(List.of("SELECT 1"), "SELECT\n  2"));
    assertThat(Statements.cut("SELECT 1; -- done"))
        .isEqualTo(new Statements.Cut(List.of("SELECT 1"), ""));
    assertThat(Statements.cut("SELECT 'a;")).isEqualTo(new Statements.Cut(List.of(), "SELECT 'a;"));
  }
}
