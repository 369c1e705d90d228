package io.livecart.models.registry;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.Table;
import io.livecart.models.eval.Scores;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry, {@code ml.model_registry}: one row per trained model version with its train
 * window, parameters, the metrics of the model and of each baseline on the same holdout, the saved
 * model's path, and whether it was promoted to champion and why. Scoring a date uses the promoted
 * version with the latest run date up to it.
 */
public final class Registry {
  public static final Table TABLE = new Table(Table.ML, "model_registry");

  private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

  private static final StructType DECILE =
      new StructType()
          .add("decile", DataTypes.IntegerType, false)
          .add("users", DataTypes.LongType, false)
          .add("mean_predicted", DataTypes.DoubleType, false)
          .add("observed_rate", DataTypes.DoubleType, false);

  private static final StructType SCHEMA =
      new StructType()
          .add("model_name", DataTypes.StringType, false)
          .add("version", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("run_date", DataTypes.DateType, false)
          .add("trained_at", DataTypes.TimestampType, false)
          .add("train_from", DataTypes.DateType, false)
          .add("train_to", DataTypes.DateType, false)
          .add("validation_date", DataTypes.DateType, false)
          .add("holdout_date", DataTypes.DateType, false)
          .add(
              "parameters",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType),
              false)
          .add(
              "metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), false)
          .add("reliability", DataTypes.createArrayType(DECILE), false)
          .add("model_path", DataTypes.StringType, false)
          .add("promoted", DataTypes.BooleanType, false)
          .add("reason", DataTypes.StringType, false);

  private Registry() {}

  /**
   * Whether a trained version becomes the champion, and why in words ({@code promoted} and {@code
   * reason} of its registry row).
   */
  public record Promotion(boolean promoted, String reason) {
    /** Becomes the champion because {@code why}. */
    public static Promotion promoted(String why) {
      return new Promotion(true, "promoted: " + why);
    }

    /** Does not become the champion because {@code why}. */
    public static Promotion rejected(String why) {
      return new Promotion(false, "not promoted: " + why);
    }

    /** The same decision, with {@code more} said after its reason. */
    public Promotion adding(String more) {
      return new Promotion(promoted, reason + more);
    }
  }

  /**
   * The champion a training must beat, refitted with its own settings on the training's evaluation:
   * scored as it was saved, a rolling model's champion would have seen that evaluation's targets.
   * When it recorded tonight's settings, tonight's evaluation is its refit and nothing runs again.
   *
   * @param changed the settings it differs in: key, then its value and tonight's
   * @param metrics its refit's metrics, keyed {@code champion.<metric>} (none without a change)
   */
  public record Champion(String version, Map<String, String> changed, Map<String, Double> metrics) {
    /**
     * @param its the settings the champion recorded, as the training would run them
     * @param tonight tonight's settings, under the same keys
     * @param refit the metrics of an evaluation with {@code its}, run only when they differ
     */
    public static Champion refitted(
        String version,
        Map<String, String> its,
        Map<String, String> tonight,
        Supplier<Map<String, Double>> refit) {
      Map<String, String> changed = new LinkedHashMap<>();
      its.forEach(
          (key, value) -> {
            if (!value.equals(tonight.get(key))) {
              changed.put(key, value + " (tonight " + tonight.get(key) + ")");
            }
          });
      return new Champion(version, changed, changed.isEmpty() ? Map.of() : refit.get());
    }

    /** The champion in words: its version, and the settings it was refitted with. */
    public String describe() {
      return changed.isEmpty()
          ? version + " (tonight's settings: this evaluation is its refit)"
          : version + " refitted with its settings " + changed;
    }
  }

  /**
   * A model parameter ({@code livecart.models.parameters.*}) as a version recorded it in its
   * registry parameters, else as tonight's configuration says (a version registered before it was
   * recorded).
   */
  public static Function<String, Number> parameters(
      LiveCartConfig config, Map<String, String> recorded) {
    return key ->
        recorded.containsKey(key) ? new BigDecimal(recorded.get(key)) : config.modelParameter(key);
  }

  /** What a training produced: its registry row, and the commit that wrote it. */
  public record Trained(Entry entry, DeltaWrites.Written registry) {}

  /**
   * The features {@code model}'s feature assembly reads that {@code features} (what this version
   * computes) does not hold, each input named as {@code feature} maps it: a model trained by
   * another version of the features, which cannot score tonight's (Spark would stop at an
   * unresolved column). The fix is {@link Errors#trainedOnOtherFeatures}.
   */
  public static List<String> unknownFeatures(
      PipelineModel model, List<String> features, UnaryOperator<String> feature) {
    List<String> unknown = new ArrayList<>();
    for (Transformer stage : model.stages()) {
      if (stage instanceof VectorAssembler assembler) {
        for (String input : assembler.getInputCols()) {
          String name = feature.apply(input);
          if (!features.contains(name) && !unknown.contains(name)) {
            unknown.add(name);
          }
        }
      }
    }
    return unknown;
  }

  /**
   * Where {@code version}'s saved models go: the warehouse's {@code ml/models/<version>}, qualified
   * by its file system ({@code file:/...}, {@code s3a://...}). The registry records it, and a later
   * run loads it from there whatever its working directory: a relative root (the default {@code
   * livecart-data}) would otherwise be recorded relative to the training's.
   */
  public static String modelPath(SparkSession spark, LiveCartConfig config, String version) {
    Path path = new Path(config.warehouse() + "/" + Table.ML + "/models/" + version);
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration())
          .makeQualified(path)
          .toString();
    } catch (IOException e) {
      throw Errors.cannotWrite(path.toString(), e);
    }
  }

  /**
   * The version a training of {@code model} for {@code runDate} registers, e.g.
   * repurchase-20251230.
   */
  public static String version(String model, LocalDate runDate) {
    return model + "-" + runDate.format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  /** A registry row. */
  public record Entry(
      String modelName,
      String version,
      String runId,
      LocalDate runDate,
      LocalDate trainFrom,
      LocalDate trainTo,
      LocalDate validationDate,
      LocalDate holdoutDate,
      Map<String, String> parameters,
      Map<String, Double> metrics,
      List<Scores.Decile> reliability,
      String modelPath,
      Promotion promotion) {
    public boolean promoted() {
      return promotion.promoted();
    }

    public String reason() {
      return promotion.reason();
    }
  }

  /** Writes {@code entry}, replacing an earlier row of the same version (a rerun's training). */
  public static Trained record(SparkSession spark, LiveCartConfig config, Entry entry) {
    Row row =
        RowFactory.create(
            entry.modelName(),
            entry.version(),
            entry.runId(),
            Date.valueOf(entry.runDate()),
            Timestamp.from(Instant.now()),
            Date.valueOf(entry.trainFrom()),
            Date.valueOf(entry.trainTo()),
            Date.valueOf(entry.validationDate()),
            Date.valueOf(entry.holdoutDate()),
            entry.parameters(),
            entry.metrics(),
            entry.reliability().stream()
                .map(
                    d ->
                        RowFactory.create(
                            d.decile(), d.users(), d.meanPredicted(), d.observedRate()))
                .toList(),
            entry.modelPath(),
            entry.promoted(),
            entry.reason());
    Dataset<Row> rows = spark.createDataFrame(List.of(row), SCHEMA);
    return new Trained(
        entry,
        DeltaWrites.replace(
            spark,
            config,
            TABLE,
            rows,
            String.format(
                "model_name = '%s' AND version = '%s'", entry.modelName(), entry.version())));
  }

  /**
   * The champion of {@code modelName} as of {@code asOf}: the promoted version other than {@code
   * except} with the latest run date up to {@code asOf} (the newest training of that date if it was
   * retrained). A version trained later, or for a later date, has seen days after {@code asOf} and
   * never scores it; retraining an old date does not crown it over newer dates' champions.
   */
  public static Optional<Row> champion(
      SparkSession spark, LiveCartConfig config, String modelName, LocalDate asOf, String except) {
    return newest(
        spark,
        config,
        String.format(
            "model_name = '%s' AND promoted AND version <> '%s' AND run_date <= %s",
            modelName, except, SqlDates.literal(asOf)));
  }

  /**
   * The version of {@code modelName} with the latest run date up to {@code asOf}, promoted or not.
   */
  public static Optional<Row> latest(
      SparkSession spark, LiveCartConfig config, String modelName, LocalDate asOf) {
    return newest(
        spark,
        config,
        String.format("model_name = '%s' AND run_date <= %s", modelName, SqlDates.literal(asOf)));
  }

  private static Optional<Row> newest(SparkSession spark, LiveCartConfig config, String condition) {
    Optional<Dataset<Row>> versions = TABLE.read(spark, config);
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    return versions
        .get()
        .where(condition)
        .orderBy(
            org.apache.spark.sql.functions.col("run_date").desc(),
            org.apache.spark.sql.functions.col("trained_at").desc())
        .limit(1)
        .collectAsList()
        .stream()
        .findFirst();
  }

  /**
   * Why {@code modelName} should not be trained on {@code runDate}, if it should not: a version was
   * trained (promoted or not) less than {@code retrain_every_days} before, or the paid orders in
   * gold do not reach back to {@code needed}, the first day {@code what} reads. A recent training
   * does not wait its turn when the champion cannot score: {@code unknownFeatures} gives the
   * features the model saved at a path reads that this version does not compute, and a champion
   * with any (trained by another version of livecart) would stop every night's scoring until the
   * next training.
   */
  public static Optional<String> whyNotTrain(
      SparkSession spark,
      LiveCartConfig config,
      String modelName,
      LocalDate runDate,
      LocalDate needed,
      String what,
      Function<String, List<String>> unknownFeatures) {
    Optional<String> recent = trainedRecently(spark, config, modelName, runDate);
    if (recent.isPresent()) {
      Optional<Row> champion = champion(spark, config, modelName, runDate, "");
      List<String> unknown =
          champion.map(c -> unknownFeatures.apply(c.<String>getAs("model_path"))).orElse(List.of());
      if (unknown.isEmpty()) {
        return recent;
      }
      LOG.info(
          "{}: {}, but the champion {} reads features this version does not compute ({}):"
              + " training now",
          modelName,
          recent.get(),
          champion.get().<String>getAs("version"),
          String.join(", ", unknown));
    }
    Row first =
        new Table(Table.GOLD, "fact_order_lines")
            .read(spark, config)
            .map(lines -> lines.agg(org.apache.spark.sql.functions.min("paid_date")).first())
            .orElse(null);
    if (first == null || first.isNullAt(0) || first.getDate(0).toLocalDate().isAfter(needed)) {
      return Optional.of(
          String.format(
              "not enough history: %s as of %s needs paid orders from %s on, the first is %s",
              what,
              runDate,
              needed,
              first == null || first.isNullAt(0) ? "none" : first.getDate(0)));
    }
    return Optional.empty();
  }

  private static Optional<String> trainedRecently(
      SparkSession spark, LiveCartConfig config, String modelName, LocalDate runDate) {
    Optional<Dataset<Row>> versions = TABLE.read(spark, config);
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    int every = config.modelParameter("retrain_every_days").intValue();
    Row last =
        versions
            .get()
            .where(
                String.format(
                    "model_name = '%s' AND run_date <= %s", modelName, SqlDates.literal(runDate)))
            .agg(org.apache.spark.sql.functions.max("run_date"))
            .first();
    if (last.isNullAt(0)) {
      return Optional.empty();
    }
    LocalDate trained = last.getDate(0).toLocalDate();
    return trained.plusDays(every).isAfter(runDate)
        ? Optional.of(
            String.format(
                "trained on %s; retrained every %d days, next on %s",
                trained, every, trained.plusDays(every)))
        : Optional.empty();
  }
}
