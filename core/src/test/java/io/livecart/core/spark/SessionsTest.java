package io.livecart.core.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.TestSpark;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsTest {
  @TempDir Path temp;

  @Test
  void sessionsWriteDeltaTablesWithHistory() {
    SparkSession spark = TestSpark.session();
    String table = "delta.`" + temp.resolve("t") + "`";

    spark.sql("CREATE TABLE " + table + " USING delta AS SELECT id FROM range(3)");
    spark.sql("INSERT INTO " + table + " VALUES (10)");

    assertThat(spark.sql("SELECT sum(id) FROM " + table).first().getLong(0)).isEqualTo(13L);
    assertThat(spark.sql("SELECT count(*) FROM " + table + " VERSION AS OF 0").first().getLong(0))
        .isEqualTo(3L);
  }

  /** An Error in a task thread fails its job; the process and the session live on. */
  @Test
  void anErrorInATaskFailsOnlyItsJob() {
    SparkSession spark = TestSpark.session();

    assertThatThrownBy(
            () ->
                spark
                    .range(1)
                    .foreach(
                        (ForeachFunction<Long>)
                            id -> {
                              throw new StackOverflowError("deep");
                            }))
        .isInstanceOf(SparkException.class)
        .hasStackTraceContaining("StackOverflowError");
    assertThat(spark.sql("SELECT 1").first().getInt(0)).isEqualTo(1);
  }

  /**
   * A run interprets its queries below the configured size of landing files and compiles them
   * (whole-stage code included) from it on; a session set to compile by spark-submit stays so.
   */
  @Test
  void largeRunsCompileTheirQueries() {
    SparkSession spark = TestSpark.session();
    LiveCartConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of("paths.root=" + temp, "compile-from-landing-size=1K"));
    String configured = spark.conf().get(Sessions.CODEGEN_MODE);
    try {
      spark.conf().set(Sessions.CODEGEN_MODE, Sessions.INTERPRETED);
      assertThat(Sessions.compileIfLarge(spark, config, 1023)).isFalse();
      assertThat(wholeStageCode(spark)).isFalse();
      assertThat(Sessions.compileIfLarge(spark, config, 1024)).isTrue();
      assertThat(spark.conf().get(Sessions.CODEGEN_MODE)).isEqualTo(Sessions.COMPILED);
      assertThat(wholeStageCode(spark)).isTrue();
      assertThat(spark.sql("SELECT sum(id * 2) FROM range(10)").first().getLong(0)).isEqualTo(90L);

      spark.conf().set(Sessions.CODEGEN_MODE, "CODEGEN_ONLY");
      assertThat(Sessions.compileIfLarge(spark, config, 0)).isTrue();
      assertThat(spark.conf().get(Sessions.CODEGEN_MODE)).isEqualTo("CODEGEN_ONLY");
    } finally {
      spark.conf().set(Sessions.CODEGEN_MODE, configured);
    }
  }

  /** Whether a simple query's plan runs in whole-stage generated code ("*(1) Project ..."). */
  private static boolean wholeStageCode(SparkSession spark) {
    return spark
        .range(10)
        .selectExpr("id * 2")
        .queryExecution()
        .executedPlan()
        .treeString()
        .contains("*(1)");
  }

  @Test
  void workWithoutASessionGetsTheConfiguredHadoopKeys() {
    LiveCartConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of("spark.\"spark.hadoop.fs.s3a.endpoint\"=http://lake:9000"));

    Configuration hadoop = Sessions.hadoopConfiguration(config);

    assertThat(hadoop.get("fs.file.impl")).isEqualTo(NioLocalFileSystem.class.getName());
    assertThat(hadoop.get("fs.s3a.endpoint")).isEqualTo("http://lake:9000");
  }

  @Test
  void configDefaultsApplyWhereNobodySetTheKey() {
    SparkSession spark = TestSpark.session();

    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo("2");
    assertThat(spark.conf().get("spark.sql.session.timeZone")).isEqualTo("Asia/Shanghai");
    assertThat(spark.conf().get("spark.sql.warehouse.dir")).endsWith("/warehouse");
  }
}
