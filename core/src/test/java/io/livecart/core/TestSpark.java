package io.livecart.core;

import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.spark.Sessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: local[2], UI off, driver on loopback, two shuffle partitions,
 * Delta enabled through the same {@link Sessions} factory the jobs use, and a throw-away data root.
 * Never stopped by tests; the JVM's exit ends it.
 */
public final class TestSpark {
  private static SparkSession spark;
  private static LiveCartConfig config;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (spark == null) {
      System.setProperty("spark.master", "local[2]");
      System.setProperty("spark.driver.host", "127.0.0.1");
      System.setProperty("spark.driver.bindAddress", "127.0.0.1");
      spark = Sessions.getOrCreate(config(), "livecart tests");
    }
    return spark;
  }

  /** The default configuration with its data root in {@code root}: one test's own warehouse. */
  public static LiveCartConfig config(Path root) {
    return ConfigLoader.load(Optional.empty(), Map.of(), List.of("paths.root=" + root));
  }

  /** The configuration of the test session, rooted in a temporary folder. */
  public static synchronized LiveCartConfig config() {
    if (config == null) {
      try {
        Path root = Files.createTempDirectory("livecart-test");
        config =
            ConfigLoader.load(
                Optional.empty(),
                Map.of(),
                List.of("paths.root=" + root, "spark.\"spark.sql.shuffle.partitions\"=2"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return config;
  }
}
