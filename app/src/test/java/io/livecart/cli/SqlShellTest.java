package io.livecart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlShellTest {
  @TempDir Path temp;

  /** The shell fed as a terminal would be: typed lines in, what it shows out. */
  private String type(String lines, Path history) throws IOException {
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    try (Terminal terminal =
        TerminalBuilder.builder()
            .streams(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), shown)
            .type(Terminal.TYPE_DUMB)
            .build()) {
      SqlShell.open(TestSpark.session(), terminal, history, 50).run();
    }
    return shown.toString(StandardCharsets.UTF_8);
  }

  @Test
  void statementsSpanLinesRunAtTheirSemicolonAndAnErrorDoesNotEndTheShell() throws IOException {
    Path history = temp.resolve("history");

    String shown =
        type(
            "SELECT 1 AS one;\n"
                + "SELECT -- the day's second\n"
                + "  2 AS two\n"
                + "  ;\n"
                + "SELECT nope FROM nowhere;\n"
                + "SELEC 6;\n"
                + "help\n"
                + "SELECT 3 AS three; SELECT 4 AS four;\n"
                + "exit\n"
                + "SELECT 5 AS five;\n",
            history);

    assertThat(shown)
        .containsPattern("\\|one\\s*\\|\\s+\\+-+\\+\\s+\\|1\\s*\\|")
        .containsPattern("\\|two\\s*\\|\\s+\\+-+\\+\\s+\\|2\\s*\\|")
        .contains("SQL failed: [TABLE_OR_VIEW_NOT_FOUND]", "SHOW TABLES IN gold;")
        .contains("SQL failed: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'")
        .containsPattern("\\|three\\s*\\|\\s+\\+-+\\+\\s+\\|3\\s*\\|\\s+\\+-+\\+\\s+\\(\\d")
        .containsPattern("\\|four\\s*\\|")
        .doesNotContain("|five");
    assertThat(history).content().contains("SELECT 1 AS one;", "2 AS two");
  }
}
