package io.livecart.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.warehouse.ColumnReference;
import io.livecart.core.warehouse.Publication;
import io.livecart.core.warehouse.Table;
import io.livecart.core.warehouse.TableDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation a user reads: the README and {@code docs/}. The column reference is what {@code
 * sql/tables.conf} generates, every link leads to a file and heading that exist, and every Spark
 * SQL statement the pages show runs against the tables and columns the warehouse declares.
 */
class DocsTest {
  /** The repository's root, from the module's folder (the working directory of its tests). */
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern SQL_COMMAND = Pattern.compile("bin/livecart sql \"([^\"]+)\"");
  private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern DATABASE_NAME =
      Pattern.compile("\\b(silver|gold|ops|ml)\\.(\\w+)\\b");

  @TempDir Path temp;

  @Test
  void theColumnReferenceIsWhatTablesConfGenerates() throws IOException {
    assertThat(Files.readString(REPO.resolve("docs/tables.md"), StandardCharsets.UTF_8))
        .as("docs/tables.md is stale: run bin/livecart docs from the repository's root")
        .isEqualTo(ColumnReference.markdown());
  }

  @Test
  void everyTableHasAGrainAndColumnsAndEveryColumnADefinition() {
    List<String> missing = new ArrayList<>();
    for (Table table : TableDocs.tables()) {
      if (TableDocs.comment(table).isEmpty()) {
        missing.add(table + ": comment");
      }
      if (TableDocs.schema(table).isEmpty()) {
        missing.add(table + ": schema");
        continue;
      }
      for (StructField field : TableDocs.schema(table).get().fields()) {
        if (TableDocs.column(table, field.name()).isEmpty()) {
          missing.add(table + "." + field.name());
        }
      }
    }

    assertThat(missing).isEmpty();
    assertThat(TableDocs.tables())
        .contains(new Table(Table.SILVER, "orders"), new Table(Table.GOLD, "rfm"))
        .contains(new Table(Table.OPS, "quarantine"), new Table(Table.ML, "model_registry"));
  }

  @Test
  void theMetricsComeFirstWithTheirDefinitions() {
    String page = ColumnReference.markdown();

    assertThat(TableDocs.metrics()).contains("gmv", "uv", "conversion_rate", "gpm");
    assertThat(page.indexOf("## Metrics")).isLessThan(page.indexOf("## silver"));
    assertThat(page)
        .contains(
            "| `gmv` | GMV (成交额): sum of pay_amount of order lines that reached paid, refunded"
                + " later or not, CNY |");
  }

  @Test
  void everyLinkLeadsToAFileAndHeadingThatExist() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      Matcher link = LINK.matcher(Files.readString(page, StandardCharsets.UTF_8));
      while (link.find()) {
        String target = link.group(1);
        if (target.startsWith("http")) {
          continue;
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(REPO.relativize(page) + ": " + target);
        } else if (target.contains("#")
            && !headings(resolved).contains(target.substring(target.indexOf('#') + 1))) {
          broken.add(REPO.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }

    assertThat(broken).isEmpty();
  }

  /**
   * The pages' Spark SQL, each statement analysed (names and columns resolved) over empty tables of
   * the declared columns, in databases of their own so the session's catalog is left alone.
   * Statements for other engines (DuckDB, Trino procedures) and templates with placeholders are
   * left out, as is time travel, which needs a history.
   */
  @Test
  void everySqlStatementOfThePagesRunsOnTheDeclaredTables() throws IOException {
    SparkSession spark = TestSpark.session();
    for (String database : TableDocs.DATABASES) {
      spark.sql("CREATE DATABASE IF NOT EXISTS docs_" + database);
    }
    for (Table table : TableDocs.tables()) {
      StructType schema = TableDocs.schema(table).orElseThrow();
      Path folder = Files.createDirectories(temp.resolve(table.qualified()));
      spark.sql(
          String.format(
              "CREATE TABLE IF NOT EXISTS docs_%s.%s (%s) USING parquet LOCATION '%s'",
              table.database(), table.name(), schema.toDDL(), folder));
    }
    for (Publication.Output output : Publication.OUTPUTS) {
      spark.sql(
          String.format(
              "CREATE OR REPLACE VIEW docs_%1$s.%2$s_latest AS SELECT * FROM docs_%1$s.%2$s",
              output.table().database(), output.table().name()));
    }
    Map<String, String> failures = new TreeMap<>();
    int statements = 0;
    for (String statement : statements()) {
      try {
        spark.sql(DATABASE_NAME.matcher(statement).replaceAll("docs_$1.$2"));
      } catch (Exception e) { // Scala's AnalysisException is undeclared
        failures.put(statement, e.getMessage());
      }
      statements++;
    }

    assertThat(failures).isEmpty();
    assertThat(statements).isGreaterThanOrEqualTo(10);
  }

  private static List<String> statements() throws IOException {
    List<String> statements = new ArrayList<>();
    for (Path page : pages()) {
      String text = Files.readString(page, StandardCharsets.UTF_8);
      SQL_COMMAND.matcher(text).results().forEach(m -> statements.add(m.group(1)));
      SQL_BLOCK
          .matcher(text)
          .results()
          .map(m -> m.group(1))
          .filter(block -> !block.contains("delta_scan") && !block.contains("CALL "))
          .filter(block -> !block.contains("<"))
          .flatMap(block -> Stream.of(block.split(";\\s*\\n")))
          .map(statement -> statement.replaceAll("(?m)^--.*$", "").strip())
          .filter(statement -> !statement.isEmpty())
          .forEach(statements::add);
    }
    statements.removeIf(statement -> statement.contains("VERSION AS OF"));
    return statements;
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(REPO.resolve("README.md")));
    try (Stream<Path> docs = Files.walk(REPO.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The anchors of a page's headings, as GitHub makes them. */
  private static List<String> headings(Path page) throws IOException {
    return Files.readAllLines(page, StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith("#"))
        .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT))
        .map(heading -> heading.replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-'))
        .toList();
  }
}
