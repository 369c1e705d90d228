package io.livecart.cli;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.MapType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night killed with SIGKILL, then simply run again, leaves the tables a night never killed
 * leaves: Delta's commits are atomic, a first write killed before its commit is no table, and every
 * step replaces what it owns, so nothing is duplicated or lost. Killed on a fresh warehouse in the
 * middle of silver and inside the first writes of gold's tables; on the second night, as silver's
 * MERGE of a table begins and inside publish. Eleven nights of the jar under SparkSubmit: tagged
 * slow.
 */
@Tag("slow")
class NightlyKillIT {
  private static final String DAY = "2025-01-01";
  private static final String NEXT_DAY = "2025-01-02";

  /** Lineage that names the run or the moment it ran: the only columns two runs may differ in. */
  private static final String[] RUN_COLUMNS = {"_ingest_run_id", "_ingested_at"};

  @TempDir Path temp;

  @Test
  void aNightKilledAnywhereAndRunAgainEqualsACleanNight() throws Exception {
    String world = temp.resolve("world").toString();
    Path clean = temp.resolve("clean");
    Submit.Result generated =
        Submit.sparkSubmit(
            "--root", world, "generate", "--scale", "tiny", "--from", DAY, "--to", NEXT_DAY);
    assertThat(generated.exitCode()).as(generated.output()).isZero();
    Submit.Result never = Submit.sparkSubmit(night(world, clean, DAY));
    assertThat(never.exitCode()).as(never.output()).isZero();
    Path first = copy(clean, temp.resolve("first-night"));
    Path merge = copy(clean, temp.resolve("killed-merge"));
    Path publish = copy(clean, temp.resolve("killed-publish"));
    Submit.Result next = Submit.sparkSubmit(night(world, clean, NEXT_DAY));
    assertThat(next.exitCode()).as(next.output()).isZero();
    SparkSession spark = TestSpark.session();

    // Users are merged; silver's MERGE into live_sessions has begun.
    killAndRunAgain(world, merge, NEXT_DAY, "step: silver users ");
    assertSameTables(spark, merge, clean);

    // Publish: one commit to ops.published, which either happened or not.
    killAndRunAgain(world, publish, NEXT_DAY, "step: publish " + NEXT_DAY + ": started");
    assertSameTables(spark, publish, clean);
    assertThat(published(spark, publish)).isEqualTo(published(spark, clean)).hasSize(2);

    // Silver has committed its first table; bronze is whole.
    Path midSilver = killAndRunAgain(world, fresh("silver"), DAY, "step: silver products ");
    assertSameTables(spark, midSilver, first);
    assertThat(statuses(spark, midSilver, "silver"))
        .containsExactly("[running]", "[running, succeeded]");

    // The first gold table has committed; on a fresh warehouse the second thread is inside the
    // first write of another gold table, which leaves a log folder without a commit.
    Path midGold = killAndRunAgain(world, fresh("gold"), DAY, "step: gold dim_date");
    assertSameTables(spark, midGold, first);
    assertThat(statuses(spark, midGold, "gold"))
        .containsExactly("[running]", "[running, succeeded]");
  }

  private Path fresh(String name) {
    return temp.resolve("killed-" + name);
  }

  /** Runs a night on a warehouse, kills it with SIGKILL at a log line, runs it again. */
  private Path killAndRunAgain(String world, Path warehouse, String day, String marker)
      throws Exception {
    Process first =
        new ProcessBuilder(Submit.command(night(world, warehouse, day)))
            .redirectErrorStream(true)
            .start();
    boolean reached = false;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.contains(marker)) {
          reached = true;
          first.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
          break;
        }
      }
    }
    assertThat(first.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(reached).as("the night reached '" + marker + "' before it was killed").isTrue();
    assertThat(first.exitValue()).isEqualTo(137);
    Submit.Result again = Submit.sparkSubmit(night(world, warehouse, day));
    assertThat(again.exitCode()).as(again.output()).isZero();
    return warehouse;
  }

  private static void assertSameTables(SparkSession spark, Path killed, Path clean)
      throws Exception {
    for (String database : List.of("bronze", "silver", "gold")) {
      TreeSet<String> tables = tables(killed.resolve(database));
      assertThat(tables).isEqualTo(tables(clean.resolve(database))).isNotEmpty();
      for (String table : tables) {
        Dataset<Row> after = read(spark, killed.resolve(database).resolve(table));
        Dataset<Row> reference = read(spark, clean.resolve(database).resolve(table));
        assertThat(after.count()).as(database + "." + table).isEqualTo(reference.count());
        assertThat(after.exceptAll(reference).isEmpty()).as(database + "." + table).isTrue();
      }
    }
  }

  /** The statuses of one step, per run, in run order. */
  private static List<String> statuses(SparkSession spark, Path warehouse, String step) {
    return read(spark, warehouse.resolve("ops/runs"))
        .where("step = '" + step + "'")
        .groupBy("run_id")
        .agg(array_sort(collect_list("status")))
        .orderBy("run_id")
        .collectAsList()
        .stream()
        .map(r -> r.getList(1).toString())
        .toList();
  }

  private static String[] night(String world, Path warehouse, String day) {
    return new String[] {
      "--root", world, "--set", "paths.warehouse=" + warehouse, "nightly", "--date", day
    };
  }

  /** The nights published, in order. */
  private static List<String> published(SparkSession spark, Path warehouse) {
    return read(spark, warehouse.resolve("ops/published"))
        .orderBy("as_of_date")
        .select("as_of_date")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  /** A copy of a warehouse folder: Delta tables hold relative paths, the catalog is in memory. */
  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
    return to;
  }

  private static TreeSet<String> tables(Path database) throws Exception {
    try (Stream<Path> children = Files.list(database)) {
      return children
          .filter(p -> Files.isDirectory(p.resolve("_delta_log")))
          .map(p -> p.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * The table without its run columns, comparable by set operations: maps as JSON, doubles rounded
   * to 9 decimals (an aggregate's last bits may follow the order rows were summed in).
   */
  private static Dataset<Row> read(SparkSession spark, Path table) {
    Dataset<Row> rows = spark.read().format("delta").load(table.toString()).drop(RUN_COLUMNS);
    Column[] columns =
        Arrays.stream(rows.schema().fields())
            .map(
                f -> {
                  Column c = col("`" + f.name() + "`");
                  if (f.dataType() instanceof MapType) {
                    return to_json(c).as(f.name());
                  }
                  if (f.dataType() instanceof DoubleType) {
                    return round(c, 9).as(f.name());
                  }
                  return c;
                })
            .toArray(Column[]::new);
    return rows.select(columns);
  }
}
