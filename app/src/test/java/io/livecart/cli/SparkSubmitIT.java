package io.livecart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built application jar as a cluster gets it ({@link Submit}). If the shaded jar lost Delta's
 * service registration, format "delta" would fail here.
 */
class SparkSubmitIT {
  @TempDir Path temp;

  @Test
  void theJarWritesAndReadsDeltaThroughSparkSubmit() throws Exception {
    String table = "delta.`" + temp.resolve("warehouse/check") + "`";

    Submit.Result create =
        Submit.sparkSubmit(
            "--root",
            temp.toString(),
            "sql",
            "CREATE TABLE "
                + table
                + " USING delta AS SELECT id, id * 2 AS twice FROM range(5);"
                + " INSERT INTO "
                + table
                + " VALUES (5, 10);"
                + " SELECT count(*) AS n, sum(twice) AS total FROM "
                + table);
    Submit.Result timeTravel =
        Submit.sparkSubmit(
            "--root",
            temp.toString(),
            "sql",
            "SELECT count(*) AS n FROM " + table + " VERSION AS OF 0");

    assertThat(create.exitCode()).as(create.output()).isZero();
    assertThat(create.output())
        .containsPattern("\\|n\\s*\\|total\\s*\\|")
        .containsPattern("\\|6\\s*\\|30\\s*\\|")
        // Spark's default logging profile, loaded as its context starts, is not left in charge:
        // the statements' jobs log nothing at INFO (--verbose would)
        .doesNotContain("INFO DAGScheduler");
    assertThat(timeTravel.exitCode()).as(timeTravel.output()).isZero();
    assertThat(timeTravel.output()).containsPattern("\\|5\\s*\\|");
  }

  @Test
  void badInputKeepsItsExitCodeUnderSparkSubmit() throws Exception {
    Submit.Result result = Submit.sparkSubmit("generate", "--scale", "huge");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("livecart: Invalid value 'huge' for --scale");
  }

  @Test
  void theLauncherRunsWithoutASparkInstallation() throws Exception {
    Path launcher =
        Path.of(System.getProperty("livecart.jar"))
            .getParent()
            .getParent()
            .getParent()
            .resolve("bin/livecart");

    Submit.Result version = Submit.run(List.of(launcher.toString(), "--version"));
    Submit.Result generate =
        Submit.run(
            List.of(
                launcher.toString(),
                "--root",
                temp.toString(),
                "generate",
                "--date",
                "2025-01-01"));

    assertThat(version.exitCode()).as(version.output()).isZero();
    assertThat(version.output()).contains("Spark 4.1.0", "Delta Lake 4.3.1");
    assertThat(generate.exitCode()).as(generate.output()).isZero();
    assertThat(generate.output())
        .contains("INFO  step: generate 2025-01-01:")
        .contains("Generated 2025-01-01..2025-01-01");
    assertThat(temp.resolve("landing/viewing/dt=2025-01-01/part-00000.jsonl")).exists();
  }
}
