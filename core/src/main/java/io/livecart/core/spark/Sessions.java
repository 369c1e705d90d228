package io.livecart.core.spark;

import io.livecart.core.config.LiveCartConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the process's SparkSession with Delta Lake enabled. The master is never set here: it
 * comes from spark-submit, or from {@code -Dspark.master} set by bin/livecart and the tests.
 */
public final class Sessions {
  private static final String HADOOP = "spark.hadoop.";

  /**
   * How Spark evaluates expressions: {@code NO_CODEGEN} interprets them (this project's default,
   * conf/livecart.conf), {@code FALLBACK} (Spark's) compiles generated Java code, whole-stage code
   * included.
   */
  static final String CODEGEN_MODE = "spark.sql.codegen.factoryMode";

  static final String INTERPRETED = "NO_CODEGEN";
  static final String COMPILED = "FALLBACK";

  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

  private Sessions() {}

  /**
   * Returns the active session, or creates one named {@code appName}. Keys of {@link
   * LiveCartConfig#sparkDefaults()} are applied only when spark-submit or the environment did not
   * set them; Delta's extension and catalog are always set.
   */
  public static SparkSession getOrCreate(LiveCartConfig config, String appName) {
    SparkConf submitted = new SparkConf();
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.warehouse.dir", config.warehouse());
    unsubmittedDefaults(config, submitted).forEach(builder::config);
    return builder.getOrCreate();
  }

  /**
   * Compiles the session's queries from now on when the run reads at least {@link
   * LiveCartConfig#compileFromLandingBytes()} of landing files and the session interprets them.
   * Interpreting saves compiling each query's code, which is most of a small run's CPU; compiling
   * saves work on every row, which is most of a large one's: the {@code medium} year (7 GB, 39
   * million lines) and 61 of its days (984 MiB) loaded in less time compiled, ten of its days (239
   * MiB) in less time interpreted (docs/performance.md). A session set to compile by spark-submit
   * or the cluster is left as it is.
   *
   * @return whether the session compiles its queries from now on
   */
  public static boolean compileIfLarge(
      SparkSession spark, LiveCartConfig config, long landingBytes) {
    String mode = spark.conf().get(CODEGEN_MODE, COMPILED);
    if (!mode.equals(INTERPRETED)) {
      return true;
    }
    if (landingBytes < config.compileFromLandingBytes()) {
      return false;
    }
    spark.conf().set(CODEGEN_MODE, COMPILED);
    LOG.info(
        "{} MiB of landing files: queries are compiled from here on, not interpreted"
            + " (livecart.compile-from-landing-size is {} MiB)",
        landingBytes >> 20,
        config.compileFromLandingBytes() >> 20);
    return true;
  }

  /**
   * The Hadoop configuration of work done without a session (generating landing files): Hadoop's
   * defaults and every {@code spark.hadoop.*} key of {@link LiveCartConfig#sparkDefaults()} and of
   * spark-submit, the latter winning, as Spark builds its own; so the local file system and the
   * credentials of a lake are those the session would use.
   */
  public static Configuration hadoopConfiguration(LiveCartConfig config) {
    SparkConf spark = new SparkConf();
    unsubmittedDefaults(config, spark).forEach(spark::set);
    Configuration hadoop = new Configuration();
    for (scala.Tuple2<String, String> key : spark.getAllWithPrefix(HADOOP)) {
      hadoop.set(key._1(), key._2());
    }
    return hadoop;
  }

  /** The keys of {@link LiveCartConfig#sparkDefaults()} that spark-submit did not set. */
  private static Map<String, String> unsubmittedDefaults(
      LiveCartConfig config, SparkConf submitted) {
    Map<String, String> keys = new HashMap<>(config.sparkDefaults());
    keys.keySet().removeIf(submitted::contains);
    return keys;
  }
}
