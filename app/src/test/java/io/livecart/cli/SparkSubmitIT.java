package io.livecart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built application jar as a cluster gets it: launched by Spark's own SparkSubmit from the
 * Maven-resolved Spark jars, with nothing of ours on the class path but the jar. If the shaded jar
 * lost Delta's service registration, format "delta" would fail here.
 */
class SparkSubmitIT {
  @TempDir Path temp;

  @Test
  void theJarWritesAndReadsDeltaThroughSparkSubmit() throws Exception {
    String table = "delta.`" + temp.resolve("warehouse/check") + "`";

    Result create =
        sparkSubmit(
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
    Result timeTravel =
        sparkSubmit(
            "--root",
            temp.toString(),
            "sql",
            "SELECT count(*) AS n FROM " + table + " VERSION AS OF 0");

    assertThat(create.exitCode()).as(create.output()).isZero();
    assertThat(create.output())
        .containsPattern("\\|n\\s*\\|total\\s*\\|")
        .containsPattern("\\|6\\s*\\|30\\s*\\|");
    assertThat(timeTravel.exitCode()).as(timeTravel.output()).isZero();
    assertThat(timeTravel.output()).containsPattern("\\|5\\s*\\|");
  }

  @Test
  void badInputKeepsItsExitCodeUnderSparkSubmit() throws Exception {
    Result result = sparkSubmit("generate", "--scale", "huge");

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

    Result version = run(List.of(launcher.toString(), "--version"));
    Result generate =
        run(
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

  record Result(int exitCode, String output) {}

  private static Result sparkSubmit(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        Arrays.asList(
            Files.readString(Path.of(System.getProperty("livecart.jvmOptions")))
                .trim()
                .split("\\s+")));
    command.addAll(
        List.of(
            "-Xmx1g",
            "-cp",
            Files.readString(Path.of(System.getProperty("livecart.sparkClasspath"))).trim(),
            "org.apache.spark.deploy.SparkSubmit",
            "--master",
            "local[2]",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--class",
            "io.livecart.cli.Main",
            System.getProperty("livecart.jar")));
    command.addAll(Arrays.asList(args));
    return run(command);
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
