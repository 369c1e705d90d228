package io.livecart.core.warehouse;

import io.livecart.core.config.LiveCartConfig;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What planners read, published a night at a time. A night writes its alerts, scores and forecasts
 * into their tables as it goes (each write one atomic Delta commit, a partition of the night), then
 * publishes: one commit to {@code ops.published} naming the night. Each output has a {@code
 * <table>_latest} view showing its rows of the latest published night only, so a consumer reading
 * during a run sees the previous complete night or, once the publish commit lands, the new complete
 * night: never some outputs of one night and some of the other.
 */
public final class Publication {
  /** One row per published night: when, by which run, and each output's Delta version. */
  public static final Table PUBLISHED = new Table(Table.OPS, "published");

  /**
   * A published output: its table, the column that says which night a row belongs to, and how the
   * planners' exports show it (the workbook's sheet name, in the business's words, and the order of
   * its rows).
   */
  public record Output(Table table, String dateColumn, String sheet, String order) {
    /** The name of its view of the latest published night. */
    public String latestView() {
      return table.qualified() + "_latest";
    }

    /**
     * The statement creating its latest view: plain SQL that Spark and Trino both run, reading the
     * night from {@code ops.published} when queried, so the view needs no update when the next
     * night is published.
     */
    public String createLatestView() {
      return String.format(
          "CREATE OR REPLACE VIEW %s AS SELECT * FROM %s WHERE %s ="
              + " (SELECT max(as_of_date) FROM %s)",
          latestView(), table.qualified(), dateColumn, PUBLISHED.qualified());
    }
  }

  public static final List<Output> OUTPUTS =
      List.of(
          new Output(new Table(Table.GOLD, "alerts"), "alert_date", "告警", "alert_type, subject_id"),
          new Output(
              new Table(Table.ML, "repurchase_scores"),
              "as_of_date",
              "复购评分",
              "probability DESC, user_id"),
          new Output(
              new Table(Table.ML, "gmv_forecast"),
              "as_of_date",
              "GMV预测",
              "level DESC, series_key, forecast_date"),
          new Output(new Table(Table.ML, "replenishment_plan"), "as_of_date", "补货计划", "urgency"),
          new Output(
              new Table(Table.ML, "selection_scores"), "as_of_date", "选品评分", "selection_rank"));

  private static final StructType SCHEMA =
      new StructType()
          .add("as_of_date", DataTypes.DateType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("published_at", DataTypes.TimestampType, false)
          .add(
              "versions", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false);

  private Publication() {}

  /**
   * Publishes night {@code asOf}: records it, with the current version of each output that exists,
   * in one commit, and (re)creates the latest views.
   */
  public static DeltaWrites.Written publish(
      SparkSession spark, LiveCartConfig config, LocalDate asOf, String runId) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (Output output : OUTPUTS) {
      if (output.table().exists(spark, config)) {
        versions.put(
            output.table().qualified(),
            DeltaWrites.lastCommit(spark, output.table(), config).version());
      }
    }
    DeltaWrites.Written written =
        DeltaWrites.replace(
            spark,
            config,
            PUBLISHED,
            spark.createDataFrame(
                List.of(
                    RowFactory.create(
                        Date.valueOf(asOf), runId, Timestamp.from(Instant.now()), versions)),
                SCHEMA),
            "as_of_date = " + SqlDates.literal(asOf));
    views(spark, config);
    return written;
  }

  /**
   * Creates the latest view of every output whose table is in the warehouse, once a night has been
   * published there, and drops the views that would read a table the warehouse does not hold. They
   * are recreated because a local session's catalog is in memory.
   */
  public static void views(SparkSession spark, LiveCartConfig config) {
    boolean published = PUBLISHED.exists(spark, config);
    for (Output output : OUTPUTS) {
      if (published && output.table().exists(spark, config)) {
        spark.sql(output.createLatestView());
      } else {
        spark.sql("DROP VIEW IF EXISTS " + output.latestView());
      }
    }
  }
}
