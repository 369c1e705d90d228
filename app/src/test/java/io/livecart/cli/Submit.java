package io.livecart.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built application jar in its own JVM, as a cluster gets it: Spark's own SparkSubmit from
 * the Maven-resolved Spark jars, with nothing of ours on the class path but the jar.
 */
final class Submit {
  private Submit() {}

  record Result(int exitCode, String output) {}

  /** The command line of {@code spark-submit --class io.livecart.cli.Main livecart.jar args}. */
  static List<String> command(String... args) throws IOException {
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
    return command;
  }

  static Result sparkSubmit(String... args) throws IOException, InterruptedException {
    return run(command(args));
  }

  static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
