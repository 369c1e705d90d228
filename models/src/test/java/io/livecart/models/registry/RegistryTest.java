package io.livecart.models.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
  @TempDir Path root;

  private final SparkSession spark = TestSpark.session();

  /**
   * June's version is promoted; then May is retrained (a backfill's rerun) and promoted too. June
   * stays the champion from June on; May's scores May; before May there is none. Ordering by
   * training time crowned the retrained May everywhere, and scored April with it.
   */
  @Test
  void theChampionOfADateIsThePromotedVersionWithTheLatestRunDateUpToIt() {
    LiveCartConfig config = TestSpark.config(root);
    record(config, LocalDate.of(2025, 6, 1), true);
    record(config, LocalDate.of(2025, 6, 8), false);
    record(config, LocalDate.of(2025, 5, 1), true);

    assertThat(version(Registry.champion(spark, config, "m", LocalDate.of(2025, 6, 10), "")))
        .isEqualTo("m-20250601");
    assertThat(version(Registry.champion(spark, config, "m", LocalDate.of(2025, 5, 31), "")))
        .isEqualTo("m-20250501");
    assertThat(Registry.champion(spark, config, "m", LocalDate.of(2025, 4, 30), "")).isEmpty();
    assertThat(
            version(Registry.champion(spark, config, "m", LocalDate.of(2025, 6, 1), "m-20250601")))
        .isEqualTo("m-20250501");
    assertThat(version(Registry.latest(spark, config, "m", LocalDate.of(2025, 6, 10))))
        .isEqualTo("m-20250608");
  }

  /**
   * The default root is relative (livecart-data): the path a training records must lead to its
   * models from any working directory, so it is absolute and names its file system.
   */
  @Test
  void aModelPathReadsTheSameFromAnyWorkingDirectory() {
    String path = Registry.modelPath(spark, TestSpark.config(Path.of("livecart-data")), "m-1");
    assertThat(path)
        .isEqualTo(
            "file:"
                + Path.of("livecart-data", "warehouse", "ml", "models", "m-1").toAbsolutePath());
  }

  private void record(LiveCartConfig config, LocalDate runDate, boolean promoted) {
    String version = "m-" + runDate.toString().replace("-", "");
    Registry.record(
        spark,
        config,
        new Registry.Entry(
            "m",
            version,
            "run-" + version,
            runDate,
            runDate.minusDays(100),
            runDate,
            runDate.minusDays(20),
            runDate.minusDays(10),
            Map.of(),
            Map.of(),
            List.of(),
            root + "/" + version,
            new Registry.Promotion(promoted, promoted ? "promoted" : "not promoted")));
  }

  private static String version(Optional<Row> row) {
    return row.map(r -> r.<String>getAs("version")).orElse(null);
  }
}
