package io.livecart.models.repurchase;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.livecart.core.Concurrently;
import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.SqlTemplate;
import io.livecart.core.warehouse.Table;
import io.livecart.models.eval.Scores;
import io.livecart.models.registry.Registry;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repurchase propensity (docs/contract.md): as of a date, P(an active user pays at least one order
 * in the next {@code horizon_days}).
 *
 * <p>Training, for a run date D with horizon h: the holdout date is D - h (its label window ends on
 * D, the last day known), the validation date is h days before it, and the classifier learns from
 * {@code train_as_of_dates} rolling dates, the latest h days before the validation date; so every
 * label window is over before the next stage's features are taken. Gradient-boosted trees, with
 * positives weighed up to balance the classes, are fitted for each depth of the grid; the depth
 * with the best ROC AUC on the validation date wins, and an isotonic regression fitted there turns
 * its score into a probability, carried to a later date by the season ({@link SeasonalShift}). A
 * logistic regression on the features' standardized logarithms competes on the same validation
 * date. On the holdout date the model meets the baselines (a recency rule, an RFM-score rule,
 * BG/NBD) and the current champion; it is promoted only if it beats them all on ROC AUC. The model
 * that is evaluated is the model that is saved and scores.
 */
public final class RepurchaseModel {
  public static final String NAME = "repurchase";

  /** Per as-of date and active user: the probability and what to do about it. */
  public static final Table SCORES = new Table(Table.ML, "repurchase_scores");

  private static final Logger LOG = LoggerFactory.getLogger(RepurchaseModel.class);
  private static final int[] DEPTHS = {3, 5};
  private static final long FIT_ROWS_PER_PARTITION = 100_000;

  private RepurchaseModel() {}

  /** The as-of dates of a training run. */
  public record Plan(SortedSet<LocalDate> train, LocalDate validation, LocalDate holdout) {
    public static Plan of(LocalDate runDate, LiveCartConfig config) {
      int horizon = config.modelParameter("horizon_days").intValue();
      int dates = config.modelParameter("train_as_of_dates").intValue();
      int step = config.modelParameter("train_as_of_step_days").intValue();
      LocalDate holdout = runDate.minusDays(horizon);
      LocalDate validation = holdout.minusDays(horizon);
      SortedSet<LocalDate> train = new TreeSet<>();
      for (int i = 0; i < dates; i++) {
        train.add(validation.minusDays(horizon + (long) i * step));
      }
      return new Plan(train, validation, holdout);
    }

    SortedSet<LocalDate> all() {
      SortedSet<LocalDate> all = new TreeSet<>(train);
      all.add(validation);
      all.add(holdout);
      return all;
    }
  }

  /** Trains, evaluates and registers a model for {@code runDate}; promotes it if it earns it. */
  public static Registry.Trained train(
      SparkSession spark, LiveCartConfig config, LocalDate runDate, String runId) {
    long start = System.nanoTime();
    Plan plan = Plan.of(runDate, config);
    Dataset<Row> features = RepurchaseFeatures.of(spark, config, plan.all());
    Dataset<Row> train =
        features.where(col("as_of_date").isin(plan.train().stream().map(Date::valueOf).toArray()));
    Dataset<Row> validation =
        features.where(col("as_of_date").equalTo(lit(Date.valueOf(plan.validation()))));
    Dataset<Row> holdout =
        features.where(col("as_of_date").equalTo(lit(Date.valueOf(plan.holdout()))));

    Row classes = train.agg(count_if(col("label")), count(lit(1))).first();
    long positives = classes.getLong(0);
    long rows = classes.getLong(1);
    double positiveWeight = positives == 0 ? 1.0 : (double) (rows - positives) / positives;
    int partitions = fitPartitions(rows);
    Dataset<Row> weighted = weighted(train, positiveWeight, false);
    Dataset<Row> trainInput = fitInput(weighted, partitions);
    Dataset<Row> withValidation =
        fitInput(weighted.unionByName(weighted(validation, positiveWeight, true)), partitions);

    int maxIter = config.modelParameter("gbt_max_iter").intValue();
    double stepSize = config.modelParameter("gbt_step_size").doubleValue();
    double validationTol = config.modelParameter("gbt_validation_tol").doubleValue();
    long seed = config.modelParameter("seed").longValue();
    PipelineModel best = null;
    String bestName = null;
    double bestAuc = -1;
    Map<String, Double> metrics = new LinkedHashMap<>();
    List<String> trees = new ArrayList<>();
    for (Map.Entry<String, Candidate> candidate :
        fitted(
                candidates(maxIter, stepSize, validationTol, seed),
                trainInput,
                withValidation,
                validation)
            .entrySet()) {
      double auc = candidate.getValue().validationAuc();
      metrics.put("validation." + candidate.getKey() + ".roc_auc", auc);
      LOG.info(
          String.format(
              Locale.ROOT,
              "repurchase: %s scores ROC AUC %.4f on the validation date",
              candidate.getKey(),
              auc));
      trees(candidate.getValue().model()).ifPresent(n -> trees.add(candidate.getKey() + "=" + n));
      if (auc > bestAuc) {
        best = candidate.getValue().model();
        bestName = candidate.getKey();
        bestAuc = auc;
      }
    }
    Dataset<Row> validationScored =
        Scorer.raw(best, validation).withColumn("label_value", col("label").cast("double"));
    Scorer scorer =
        new Scorer(
            best,
            new IsotonicRegression()
                .setFeaturesCol("raw_score")
                .setLabelCol("label_value")
                .setPredictionCol("calibrated")
                .fit(validationScored));

    SeasonalShift shift = SeasonalShift.of(spark, config, plan.validation(), plan.holdout());
    LOG.info("repurchase: holdout {}", shift.why());
    Dataset<Row> evaluated = baselines(scorer.apply(holdout, shift)).cache();
    // The calibration is monotone, so the trees' score ranks as the probability does, without the
    // ties isotonic steps make: ranking metrics read the score, the Brier score the probability.
    metrics.putAll(prefixed("model", Scores.of(evaluated, "raw_score", "label", false)));
    metrics.put("model.brier", Scores.brier(evaluated, "probability", "label"));
    metrics.putAll(prefixed("recency_rule", Scores.of(evaluated, "recency_rule", "label", false)));
    metrics.putAll(prefixed("rfm_rule", Scores.of(evaluated, "rfm_rule", "label", false)));
    metrics.putAll(prefixed("bgnbd", Scores.of(evaluated, "p_buy_bgnbd", "label", true)));
    Oracle.of(spark, config, plan.holdout())
        .ifPresent(truth -> metrics.putAll(Oracle.compare(evaluated, truth)));
    List<Scores.Decile> reliability =
        Scores.deciles(evaluated, "raw_score", "probability", "label");
    Scores.Calibration calibration = Scores.calibration(reliability);
    if (calibration.degreesOfFreedom() > 0) {
      metrics.put("model.observed_over_expected", calibration.observedOverExpected());
      metrics.put("model.calibration_level_z", calibration.levelZ());
      metrics.put("model.hosmer_lemeshow", calibration.statistic());
      metrics.put("model.hosmer_lemeshow_p", calibration.pValue());
    }

    String version = Registry.version(NAME, runDate);
    Optional<Row> champion = Registry.champion(spark, config, NAME, runDate, version);
    champion.ifPresent(
        c -> {
          Scorer current = Scorer.load(c.getAs("model_path"));
          List<String> unknown = current.unknownFeatures();
          if (unknown.isEmpty()) {
            metrics.put(
                "champion.roc_auc",
                Scores.of(current.raw(holdout), "raw_score", "label", false).get("roc_auc"));
          } else {
            LOG.warn(
                "repurchase: the champion {} reads features this version does not compute ({}):"
                    + " not compared",
                c.<String>getAs("version"),
                String.join(", ", unknown));
          }
        });
    Registry.Promotion promotion =
        promotion(metrics, champion.map(c -> c.<String>getAs("version")));
    String path = Registry.modelPath(spark, config, version);
    scorer.save(path);
    evaluated.unpersist();
    features.unpersist();

    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("algorithm", bestName + "+isotonic");
    parameters.put("gbt_max_iter", Integer.toString(maxIter));
    parameters.put("gbt_step_size", Double.toString(stepSize));
    parameters.put("gbt_validation_tol", Double.toString(validationTol));
    parameters.put("trees", String.join(", ", trees));
    parameters.put("positive_weight", String.format(Locale.ROOT, "%.4f", positiveWeight));
    parameters.put(
        "train_as_of_dates",
        String.join(",", plan.train().stream().map(LocalDate::toString).toList()));
    parameters.put("horizon_days", config.modelParameter("horizon_days").toString());
    parameters.put("holdout_seasonal_shift", String.format(Locale.ROOT, "%.4f", shift.factor()));
    parameters.put("train_rows", Long.toString(rows));
    Registry.Entry entry =
        new Registry.Entry(
            NAME,
            version,
            runId,
            runDate,
            plan.train().first(),
            plan.train().last(),
            plan.validation(),
            plan.holdout(),
            parameters,
            metrics,
            reliability,
            path,
            promotion);
    Registry.Trained trained = Registry.record(spark, config, entry);
    Steps.log("repurchase train " + runDate + " (" + promotion.reason() + ")", rows, start);
    return trained;
  }

  /**
   * Why a night should not train the model, if it should not: it was trained less than {@code
   * retrain_every_days} ago (promoted or not), the history does not reach back before the earliest
   * training date by {@code horizon_days}, or fewer than {@code repurchase_min_buyers} customers
   * paid in it (M5's stores are ten "customers" that buy every day: no buyer model is learnt from
   * ten, and BG/NBD's likelihood has no maximum on them).
   */
  public static Optional<String> whyNotTrain(
      SparkSession spark, LiveCartConfig config, LocalDate runDate) {
    Plan plan = Plan.of(runDate, config);
    Optional<String> history =
        Registry.whyNotTrain(
            spark,
            config,
            NAME,
            runDate,
            plan.train().first().minusDays(config.modelParameter("horizon_days").intValue()),
            "training",
            path -> Scorer.load(path).unknownFeatures());
    if (history.isPresent()) {
      return history;
    }
    int least = config.modelParameter("repurchase_min_buyers").intValue();
    long buyers =
        spark
            .sql(
                "SELECT count(DISTINCT user_id) FROM gold.fact_order_lines WHERE is_paid"
                    + " AND paid_date <= "
                    + SqlDates.literal(runDate))
            .first()
            .getLong(0);
    return buyers >= least
        ? Optional.empty()
        : Optional.of(
            String.format(
                "%d customers paid up to %s: the repurchase model needs at least %d"
                    + " (repurchase_min_buyers)",
                buyers, runDate, least));
  }

  /**
   * The partitions the candidates fit on: one per {@value #FIT_ROWS_PER_PARTITION} training rows,
   * at least one. A fit is hundreds of Spark jobs (one per tree level of each round, one per L-BFGS
   * iteration), each paying for every task it runs; on a few thousand rows that price was the fit's
   * time: the README's world's candidates took 49 s on the features' four partitions and 33 s on
   * one.
   */
  static int fitPartitions(long rows) {
    return (int) Math.max(1, (rows + FIT_ROWS_PER_PARTITION - 1) / FIT_ROWS_PER_PARTITION);
  }

  /**
   * {@code rows} on at most {@code partitions} partitions (a coalesce: never more than they have),
   * each in a fixed order: the trees draw their subsamples row by row, so the order the features'
   * query happened to return them in would otherwise change the model from one run to the next.
   */
  static Dataset<Row> fitInput(Dataset<Row> rows, int partitions) {
    return rows.coalesce(partitions).sortWithinPartitions("as_of_date", "user_id");
  }

  /** A candidate fitted on the training dates, and its ROC AUC on the validation date. */
  record Candidate(PipelineModel model, double validationAuc) {}

  /**
   * The candidates fitted side by side, in their order. They share nothing but the training rows,
   * and on small data a fit's time goes to scheduling Spark jobs more than to computing: run
   * together they keep both cores busy. Trees that stop early ({@code gbt_validation_tol}) fit on
   * {@code withValidation}, the training rows and the validation date's marked {@code validation};
   * the others on {@code train} alone.
   */
  static Map<String, Candidate> fitted(
      Map<String, Pipeline> candidates,
      Dataset<Row> train,
      Dataset<Row> withValidation,
      Dataset<Row> validation) {
    return Concurrently.all(
        candidates.size(),
        List.copyOf(candidates.keySet()),
        name -> {
          Pipeline pipeline = candidates.get(name);
          PipelineModel model = pipeline.fit(stopsEarly(pipeline) ? withValidation : train);
          return new Candidate(
              model,
              Scores.of(Scorer.raw(model, validation), "raw_score", "label", false).get("roc_auc"));
        });
  }

  /** The rounds a fitted candidate's trees kept, if it is gradient-boosted trees. */
  static OptionalInt trees(PipelineModel model) {
    return model.stages()[model.stages().length - 1] instanceof GBTClassificationModel g
        ? OptionalInt.of(g.getNumTrees())
        : OptionalInt.empty();
  }

  /**
   * The classifiers tried, each read by its validation ROC AUC: gradient-boosted trees of depth 3
   * and 5 on the features as they are, and a logistic regression on their standardized logarithms
   * (log1p of the non-negative part; spend and counts are heavy-tailed), lightly regularized. With
   * {@code validationTol} above 0 the trees stop early: at the first round that improves their log
   * loss on the validation date by less than that share ({@code maxIter} is then a ceiling).
   */
  static Map<String, Pipeline> candidates(
      int maxIter, double stepSize, double validationTol, long seed) {
    String[] columns = RepurchaseFeatures.COLUMNS.toArray(String[]::new);
    Map<String, Pipeline> candidates = new LinkedHashMap<>();
    for (int depth : DEPTHS) {
      candidates.put(
          "gbt_depth_" + depth,
          new Pipeline()
              .setStages(
                  new PipelineStage[] {
                    new VectorAssembler().setInputCols(columns).setOutputCol("features"),
                    trees(validationTol)
                        .setLabelCol("label_value")
                        .setFeaturesCol("features")
                        .setWeightCol("weight")
                        .setMaxIter(maxIter)
                        .setMaxDepth(depth)
                        .setStepSize(stepSize)
                        .setSubsamplingRate(0.8)
                        .setSeed(seed)
                  }));
    }
    String logs =
        RepurchaseFeatures.COLUMNS.stream()
            .map(c -> "log1p(greatest(" + c + ", 0D)) AS " + Scorer.LOG + c)
            .collect(Collectors.joining(", "));
    candidates.put(
        "logistic",
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new SQLTransformer().setStatement("SELECT *, " + logs + " FROM __THIS__"),
                  new VectorAssembler()
                      .setInputCols(
                          RepurchaseFeatures.COLUMNS.stream()
                              .map(c -> Scorer.LOG + c)
                              .toArray(String[]::new))
                      .setOutputCol("log_features"),
                  new StandardScaler().setInputCol("log_features").setOutputCol("features"),
                  new LogisticRegression()
                      .setLabelCol("label_value")
                      .setFeaturesCol("features")
                      .setWeightCol("weight")
                      .setRegParam(0.001)
                      .setMaxIter(200)
                }));
    return candidates;
  }

  /** Gradient-boosted trees that stop early when {@code validationTol} is above 0. */
  private static GBTClassifier trees(double validationTol) {
    GBTClassifier trees = new GBTClassifier();
    if (validationTol > 0) {
      trees.setValidationIndicatorCol("validation").set(trees.validationTol(), validationTol);
    }
    return trees;
  }

  private static boolean stopsEarly(Pipeline pipeline) {
    PipelineStage last = pipeline.getStages()[pipeline.getStages().length - 1];
    return last instanceof GBTClassifier g && g.isDefined(g.validationIndicatorCol());
  }

  private static Dataset<Row> weighted(
      Dataset<Row> rows, double positiveWeight, boolean validation) {
    return rows.withColumn("label_value", col("label").cast("double"))
        .withColumn("weight", when(col("label"), lit(positiveWeight)).otherwise(lit(1.0)))
        .withColumn("validation", lit(validation));
  }

  /**
   * Why the new model is or is not the champion, by ROC AUC on the holdout date. A champion without
   * {@code champion.roc_auc} could not score the holdout (trained on other features): the new model
   * need only beat the baselines.
   */
  static Registry.Promotion promotion(Map<String, Double> metrics, Optional<String> champion) {
    double model = metrics.get("model.roc_auc");
    for (String rival : List.of("recency_rule", "rfm_rule", "bgnbd", "champion")) {
      Double auc = metrics.get(rival + ".roc_auc");
      if (auc != null && model <= auc) {
        return Registry.Promotion.rejected(
            String.format(
                Locale.ROOT,
                "ROC AUC %.4f does not beat %s (%.4f)",
                model,
                rival.equals("champion") ? "the champion " + champion.orElseThrow() : rival,
                auc));
      }
    }
    boolean compared = metrics.containsKey("champion.roc_auc");
    return Registry.Promotion.promoted(
        String.format(
            Locale.ROOT,
            "ROC AUC %.4f beats the baselines%s",
            model,
            champion
                .map(
                    c ->
                        compared
                            ? " and the champion " + c
                            : "; the champion "
                                + c
                                + " was not compared: it reads features this version does not"
                                + " compute")
                .orElse("")));
  }

  /**
   * The holdout rows with the two rule baselines added: the recency rule (the more recent the last
   * order, the likelier the next) and the RFM rule (the sum of the recency, frequency and monetary
   * quintile scores, as gold.rfm computes them, over the last 365 days).
   */
  static Dataset<Row> baselines(Dataset<Row> rows) {
    return rows.withColumn("recency_rule", col("recency_days").multiply(-1))
        .withColumn(
            "rfm_rule",
            expr(
                "least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY recency_days DESC)))"
                    + " + least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY frequency_365d)))"
                    + " + least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY monetary_365d)))"));
  }

  private static Map<String, Double> prefixed(String prefix, Map<String, Double> metrics) {
    Map<String, Double> out = new LinkedHashMap<>();
    metrics.forEach((k, v) -> out.put(prefix + "." + k, v));
    return out;
  }

  /**
   * Scores every active user as of {@code asOf} with the champion: probability, decile (1 = the
   * likeliest tenth), RFM segment, BG/NBD's P(alive), expected purchases and customer value, the
   * churn-risk level from the product contract's signals and the suggested touch. Replaces the
   * date's partition of {@code ml.repurchase_scores}.
   */
  public static DeltaWrites.Written score(
      SparkSession spark, LiveCartConfig config, LocalDate asOf) {
    long start = System.nanoTime();
    Row champion =
        Registry.champion(spark, config, NAME, asOf, "").orElseThrow(() -> Errors.noChampion(NAME));
    Scorer scorer = Scorer.load(champion.getAs("model_path"));
    List<String> unknown = scorer.unknownFeatures();
    if (!unknown.isEmpty()) {
      throw Errors.trainedOnOtherFeatures(NAME, champion.getAs("version"), unknown, asOf);
    }
    SeasonalShift shift =
        SeasonalShift.of(
            spark, config, champion.<Date>getAs("validation_date").toLocalDate(), asOf);
    LOG.info("repurchase: scores {}", shift.why());
    Dataset<Row> features = RepurchaseFeatures.of(spark, config, new TreeSet<>(List.of(asOf)));
    Dataset<Row> scored = scorer.apply(features, shift);
    scored.createOrReplaceTempView("repurchase_scored");
    String sql =
        SqlTemplate.render(
            "models",
            "repurchase_scores",
            Map.of(
                "as_of",
                SqlDates.literal(asOf),
                "model_version",
                "'" + champion.<String>getAs("version") + "'",
                "churn_inactive_days",
                config.goldParameter("churn_inactive_days").toString(),
                "churn_spend_drop",
                config.goldParameter("churn_spend_drop").toString(),
                "churn_min_signals",
                config.goldParameter("churn_min_signals").toString()));
    Dataset<Row> rows = spark.sql(sql);
    DeltaWrites.Written written =
        DeltaWrites.replace(
            spark, config, SCORES, rows, "as_of_date = " + SqlDates.literal(asOf), "as_of_date");
    features.unpersist();
    Steps.log("repurchase scores " + asOf, written.rows(), start);
    return written;
  }
}
