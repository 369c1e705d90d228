package io.livecart.models.repurchase;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Table;
import io.livecart.core.warehouse.TableContracts;
import io.livecart.models.eval.Scores;
import io.livecart.models.registry.Registry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Trains on a small buy-till-you-die world where live-room visits betray who is still alive (what
 * BG/NBD and the rules cannot see), then scores with the champion.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepurchaseModelTest {
  private static final LocalDate START = LocalDate.of(2025, 1, 1);
  private static final LocalDate RUN = LocalDate.of(2025, 7, 31);
  private final SparkSession spark = TestSpark.session();
  private LiveCartConfig config;
  private Registry.Trained trained;

  @BeforeAll
  void trainOnASmallWorld() {
    config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of(
                "paths.warehouse=" + TestSpark.config().warehouse(),
                "paths.truth=" + TestSpark.config().truth(),
                "models.parameters.gbt_max_iter=10",
                "models.parameters.train_as_of_dates=3"));
    world(1_500).write(spark, config);
    trained = RepurchaseModel.train(spark, config, RUN, "test-run");
  }

  /**
   * Users start buying in the first 150 days, buy as a Poisson process with a gamma-distributed
   * daily rate while alive, and leave after an exponential lifetime (mean 120 days). Alive users
   * visit live rooms on a share of days growing with their rate; gone users hardly ever.
   */
  private static GoldFixture world(int users) {
    GoldFixture world = new GoldFixture();
    SplittableRandom rng = new SplittableRandom(42);
    int days = (int) (RUN.toEpochDay() - START.toEpochDay()) + 1;
    for (int u = 1; u <= users; u++) {
      String user = String.format("U%05d", u);
      int first = rng.nextInt(150);
      double rate = GoldFixture.gamma(rng, 0.8) * 0.05;
      int last = first + (int) (-Math.log(1 - rng.nextDouble()) * 120);
      world.order(user, START.plusDays(first), 50 + rng.nextInt(100));
      for (int d = first + 1; d < days; d++) {
        boolean alive = d <= last;
        if (alive && rng.nextDouble() < rate) {
          world.order(user, START.plusDays(d), 50 + rng.nextInt(100));
        }
        if (rng.nextDouble() < (alive ? Math.min(0.6, 4 * rate) : 0.005)) {
          world.visit(user, START.plusDays(d), 60 + rng.nextInt(1200));
          world.interaction(user, START.plusDays(d), "comment");
        }
      }
      if (u % 2 == 0) {
        world.member(user, u % 6 == 0 ? "gold" : "regular");
      }
    }
    return world;
  }

  @Test
  void theModelIsEvaluatedOnTheHoldoutAgainstTheBaselinesAndRegistered() {
    Registry.Entry entry = trained.entry();
    Map<String, Double> metrics = entry.metrics();

    assertThat(entry.holdoutDate()).isEqualTo(RUN.minusDays(30));
    assertThat(entry.validationDate()).isEqualTo(RUN.minusDays(60));
    assertThat(entry.trainTo()).isEqualTo(RUN.minusDays(90));
    assertThat(metrics)
        .containsKeys(
            "model.roc_auc",
            "model.pr_auc",
            "model.top_decile_lift",
            "model.brier",
            "recency_rule.roc_auc",
            "rfm_rule.roc_auc",
            "bgnbd.roc_auc",
            "bgnbd.brier");
    // Visits tell the model who is still alive; the rules and BG/NBD see orders only.
    assertThat(metrics.get("model.roc_auc"))
        .isGreaterThan(metrics.get("bgnbd.roc_auc"))
        .isGreaterThan(metrics.get("recency_rule.roc_auc"))
        .isGreaterThan(metrics.get("rfm_rule.roc_auc"));
    assertThat(entry.promoted()).isTrue();
    assertThat(entry.reason()).startsWith("promoted");

    List<Scores.Decile> deciles = entry.reliability();
    assertThat(deciles).hasSize(10);
    assertThat(deciles.get(0).observedRate()).isGreaterThan(deciles.get(9).observedRate());
    // The registry's calibration figures are those of its reliability table.
    Scores.Calibration calibration = Scores.calibration(deciles);
    assertThat(metrics.get("model.hosmer_lemeshow_p"))
        .isEqualTo(calibration.pValue())
        .isBetween(0.0, 1.0);
    assertThat(metrics.get("model.observed_over_expected"))
        .isEqualTo(calibration.observedOverExpected())
        .isPositive();
    Row registered =
        spark
            .table(Registry.TABLE.qualified())
            .where("version = '" + entry.version() + "'")
            .first();
    assertThat(registered.<Boolean>getAs("promoted")).isTrue();
    // The model tables have the columns sql/tables.conf declares for them (docs/tables.md).
    assertThat(TableContracts.assertAsDeclared(spark, config, Table.ML)).isPositive();
  }

  /** A shop with too few paying customers (M5's ten stores) is not trained on, with the reason. */
  @Test
  void aNightTrainsOnlyWithEnoughBuyers() {
    LocalDate later = RUN.plusDays(60);
    long buyers =
        spark
            .sql("SELECT count(DISTINCT user_id) FROM gold.fact_order_lines WHERE is_paid")
            .first()
            .getLong(0);
    LiveCartConfig few =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of(
                "paths.warehouse=" + TestSpark.config().warehouse(),
                "models.parameters.repurchase_min_buyers=" + (buyers + 1)));

    assertThat(RepurchaseModel.whyNotTrain(spark, config, later)).isEmpty();
    assertThat(RepurchaseModel.whyNotTrain(spark, few, later))
        .contains(
            buyers
                + " customers paid up to "
                + later
                + ": the repurchase model needs at least "
                + (buyers + 1)
                + " (repurchase_min_buyers)");
  }

  /**
   * A night after a training waits {@code retrain_every_days} for the next, unless the champion
   * cannot score: trained by another version of livecart, it reads features this one does not
   * compute, and every night's scoring would stop at it until then.
   */
  @Test
  void aNightRetrainsAtOnceWhenTheChampionReadsFeaturesThisVersionDoesNotCompute() {
    assertThat(RepurchaseModel.whyNotTrain(spark, config, RUN))
        .contains("trained on 2025-07-31; retrained every 7 days, next on 2025-08-07");

    List<String> loaded = new ArrayList<>();
    Optional<String> why =
        Registry.whyNotTrain(
            spark,
            config,
            RepurchaseModel.NAME,
            RUN,
            RUN,
            "training",
            path -> {
              loaded.add(path);
              return List.of("mean_gap_days");
            });
    assertThat(why).isEmpty();
    assertThat(loaded).containsExactly(trained.entry().modelPath());
  }

  @Test
  void theChampionScoresEveryActiveUserAndARerunReplacesThePartition() {
    DeltaWrites.Written first = RepurchaseModel.score(spark, config, RUN);
    DeltaWrites.Written again = RepurchaseModel.score(spark, config, RUN);

    assertThat(again.rows()).isEqualTo(first.rows()).isPositive();
    List<Row> scores =
        spark
            .table(RepurchaseModel.SCORES.qualified())
            .where("as_of_date = DATE'" + RUN + "'")
            .collectAsList();
    assertThat(scores).hasSize((int) first.rows());
    for (Row row : scores) {
      assertThat(row.<Double>getAs("probability")).isBetween(0.0, 1.0);
      assertThat(row.<Integer>getAs("decile")).isBetween(1, 10);
      assertThat(row.<String>getAs("model_version")).isEqualTo(trained.entry().version());
      String touch = row.getAs("suggested_touch");
      assertThat(touch)
          .isEqualTo(
              switch (row.<String>getAs("churn_risk")) {
                case "high" -> "sms";
                case "medium" -> "call";
                default -> "coupon";
              });
    }
  }

  /**
   * The world ends on the run date: 40 days later the viewing feed has recorded no visit for the
   * churn window, which says nothing of any user, so no one shows the no-visit signal (before,
   * every user did, and those whose spend fell were at high risk). Spend that fell still counts.
   */
  @Test
  void withoutVisitsInTheFeedNoUserShowsTheNoVisitSignal() {
    LocalDate silent = RUN.plusDays(40);
    RepurchaseModel.score(spark, config, silent);
    Row signals =
        spark
            .sql(
                "SELECT max(churn_signals), count_if(churn_risk = 'high') FROM ml.repurchase_scores"
                    + " WHERE as_of_date = DATE'"
                    + silent
                    + "'")
            .first();
    assertThat(signals.getInt(0)).isEqualTo(1);
    assertThat(signals.getLong(1)).isZero();
    // while the feed ran, users who stopped visiting were flagged
    RepurchaseModel.score(spark, config, RUN);
    Row atRun =
        spark
            .sql(
                "SELECT count_if(churn_signals >= 1) FROM ml.repurchase_scores"
                    + " WHERE as_of_date = DATE'"
                    + RUN
                    + "'")
            .first();
    assertThat(atRun.getLong(0)).isPositive();
  }

  /**
   * Early stopping: trees that learn the training dates' rule (recent buyers buy again) but meet a
   * validation date where buying is a coin toss stop within two rounds; without a tolerance every
   * round is fitted, as the registry records.
   */
  @Test
  void treesStopEarlyWhenTheValidationDateStopsImproving() {
    assertThat(trained.entry().parameters())
        .containsEntry("gbt_validation_tol", "0.0")
        .containsEntry("trees", "gbt_depth_3=10, gbt_depth_5=10");

    SplittableRandom rng = new SplittableRandom(3);
    Dataset<Row> train = examples(rng, 600, false);
    Dataset<Row> validation = examples(rng, 300, true);
    Map<String, RepurchaseModel.Candidate> fitted =
        RepurchaseModel.fitted(
            RepurchaseModel.candidates(10, 0.1, 0.01, 7),
            train,
            train.unionByName(validation),
            validation);
    for (String trees : List.of("gbt_depth_3", "gbt_depth_5")) {
      assertThat(RepurchaseModel.trees(fitted.get(trees).model()).orElseThrow()).isBetween(1, 2);
    }
    assertThat(RepurchaseModel.trees(fitted.get("logistic").model())).isEmpty();
  }

  /**
   * A rerun fits the same trees whatever order the features' query returned their rows in: the
   * trees draw their subsamples row by row, so the rows are put in one order first.
   */
  @Test
  void theTreesDoNotDependOnTheOrderOfTheirRows() {
    Dataset<Row> rows =
        examples(new SplittableRandom(5), 400, false)
            .withColumn("user_id", monotonically_increasing_id().cast("string"))
            .withColumn("as_of_date", lit(java.sql.Date.valueOf(START)));
    Pipeline trees = RepurchaseModel.candidates(5, 0.1, 0, 7).get("gbt_depth_3");
    List<Double> ascending =
        scores(trees, RepurchaseModel.fitInput(rows.orderBy("user_id"), 1), rows);
    List<Double> descending =
        scores(trees, RepurchaseModel.fitInput(rows.orderBy(col("user_id").desc()), 1), rows);
    assertThat(ascending).hasSize(400).isEqualTo(descending);
  }

  private static List<Double> scores(Pipeline trees, Dataset<Row> fitOn, Dataset<Row> rows) {
    return Scorer.raw(trees.fit(fitOn), rows)
        .orderBy("user_id")
        .select("raw_score")
        .as(Encoders.DOUBLE())
        .collectAsList();
  }

  /**
   * Rows of the classifier's features, all noise but recency: on the training dates a buyer buys
   * again when the last order is under 60 days old; on the validation date by chance.
   */
  private Dataset<Row> examples(SplittableRandom rng, int rows, boolean validation) {
    StructType schema = new StructType();
    for (String column : RepurchaseFeatures.COLUMNS) {
      schema = schema.add(column, DataTypes.DoubleType);
    }
    schema =
        schema
            .add("label", DataTypes.BooleanType)
            .add("label_value", DataTypes.DoubleType)
            .add("weight", DataTypes.DoubleType)
            .add("validation", DataTypes.BooleanType)
            .add("user_id", DataTypes.StringType);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Object[] values = new Object[schema.size()];
      for (int c = 0; c < RepurchaseFeatures.COLUMNS.size(); c++) {
        values[c] = rng.nextDouble() * 120;
      }
      boolean label = validation ? rng.nextBoolean() : (double) values[0] < 60;
      values[values.length - 5] = label;
      values[values.length - 4] = label ? 1.0 : 0.0;
      values[values.length - 3] = 1.0;
      values[values.length - 2] = validation;
      values[values.length - 1] = (validation ? "V" : "T") + i;
      out.add(RowFactory.create(values));
    }
    return spark.createDataFrame(out, schema);
  }

  @Test
  void aModelIsPromotedOnlyWhenItBeatsEveryBaselineAndTheChampion() {
    Map<String, Double> metrics =
        Map.of(
            "model.roc_auc", 0.80,
            "recency_rule.roc_auc", 0.70,
            "rfm_rule.roc_auc", 0.72,
            "bgnbd.roc_auc", 0.75);
    assertThat(RepurchaseModel.promotion(metrics, Optional.empty()).promoted()).isTrue();

    Map<String, Double> withChampion = new java.util.HashMap<>(metrics);
    withChampion.put("champion.roc_auc", 0.81);
    assertThat(RepurchaseModel.promotion(withChampion, Optional.of("repurchase-20250701")))
        .isEqualTo(
            Registry.Promotion.rejected(
                "ROC AUC 0.8000 does not beat the champion repurchase-20250701 (0.8100)"));

    // a champion trained on other features could not score the holdout: the baselines decide
    assertThat(RepurchaseModel.promotion(metrics, Optional.of("repurchase-20250701")))
        .isEqualTo(
            Registry.Promotion.promoted(
                "ROC AUC 0.8000 beats the baselines; the champion repurchase-20250701 was not"
                    + " compared: it reads features this version does not compute"));

    Map<String, Double> belowBgNbd = new java.util.HashMap<>(metrics);
    belowBgNbd.put("bgnbd.roc_auc", 0.80);
    assertThat(RepurchaseModel.promotion(belowBgNbd, Optional.empty()))
        .isEqualTo(
            new Registry.Promotion(
                false, "not promoted: ROC AUC 0.8000 does not beat bgnbd (0.8000)"));
  }

  @Test
  void candidatesFitOnOnePartitionPerHundredThousandTrainingRows() {
    assertThat(RepurchaseModel.fitPartitions(0)).isEqualTo(1);
    assertThat(RepurchaseModel.fitPartitions(3_849)).isEqualTo(1);
    assertThat(RepurchaseModel.fitPartitions(100_000)).isEqualTo(1);
    assertThat(RepurchaseModel.fitPartitions(100_001)).isEqualTo(2);
    assertThat(RepurchaseModel.fitPartitions(473_972)).isEqualTo(5);
  }
}
