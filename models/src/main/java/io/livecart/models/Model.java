package io.livecart.models;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.models.forecast.ForecastAccuracy;
import io.livecart.models.forecast.GmvForecast;
import io.livecart.models.registry.Registry;
import io.livecart.models.replenishment.Replenishment;
import io.livecart.models.repurchase.RepurchaseModel;
import io.livecart.models.selection.Selection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The models, in the order a night trains and scores them: the one list that {@code train}, {@code
 * score} and the night's model steps read. Each is trained (fitted, evaluated against its
 * baselines, registered and promoted if it earns it) and scored (the night's output written with
 * its champion), except selection, a rule over the night's replenishment plan that is only scored.
 */
public enum Model {
  REPURCHASE(Set.of("fact_order_lines", "fact_viewing", "fact_interactions", "dim_user", "rfm")),
  GMV_FORECAST(Set.of("fact_order_lines", "dim_live_session")),
  REPLENISHMENT(Set.of("fact_order_lines", "dim_product", "inventory_turnover")),
  SELECTION(Set.of("fact_order_lines", "dim_product", "repurchase_monthly", "session_sku_funnel"));

  private final Set<String> goldReads;

  Model(Set<String> goldReads) {
    this.goldReads = goldReads;
  }

  /** Its name on the command line and in the registry: repurchase, gmv_forecast, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The model named {@code label}, if there is one. */
  public static Optional<Model> of(String label) {
    for (Model model : values()) {
      if (model.label().equals(label)) {
        return Optional.of(model);
      }
    }
    return Optional.empty();
  }

  /** The gold tables its SQL reads ({@code sql/models/}). */
  public Set<String> goldReads() {
    return goldReads;
  }

  /** Whether it is trained; selection is a rule and only scored. */
  public boolean trained() {
    return this != SELECTION;
  }

  /** Why a night should not train it, if it should not (too little history, trained recently). */
  public Optional<String> whyNotTrain(
      SparkSession spark, LiveCartConfig config, LocalDate runDate) {
    return switch (this) {
      case REPURCHASE -> RepurchaseModel.whyNotTrain(spark, config, runDate);
      case GMV_FORECAST -> GmvForecast.whyNotTrain(spark, config, runDate);
      case REPLENISHMENT -> Replenishment.whyNotTrain(spark, config, runDate);
      case SELECTION -> Optional.of("selection is a rule: nothing to train");
    };
  }

  /** Trains, evaluates and registers it for {@code runDate}; promotes it if it earns it. */
  public Registry.Trained train(
      SparkSession spark, LiveCartConfig config, LocalDate runDate, String runId) {
    return switch (this) {
      case REPURCHASE -> RepurchaseModel.train(spark, config, runDate, runId);
      case GMV_FORECAST -> GmvForecast.train(spark, config, runDate, runId);
      case REPLENISHMENT -> Replenishment.train(spark, config, runDate, runId);
      case SELECTION -> throw new IllegalStateException("selection is a rule: nothing to train");
    };
  }

  /**
   * Why a night cannot score it, if it cannot: repurchase needs a champion; the GMV forecast and
   * replenishment publish a baseline until one is promoted, so they need a training; selection
   * needs the night's plan.
   */
  public Optional<String> whyNotScore(SparkSession spark, LiveCartConfig config, LocalDate asOf) {
    return switch (this) {
      case REPURCHASE ->
          Registry.champion(spark, config, RepurchaseModel.NAME, asOf, "").isPresent()
              ? Optional.empty()
              : Optional.of("no promoted " + RepurchaseModel.NAME + " model yet");
      case GMV_FORECAST, REPLENISHMENT ->
          Registry.latest(spark, config, label(), asOf).isPresent()
              ? Optional.empty()
              : Optional.of("no " + label() + " model trained yet");
      case SELECTION -> Selection.whyNot(spark, config, asOf);
    };
  }

  /**
   * Writes its output as of {@code asOf} (scores, the forecast and the accuracy of the forecasts
   * published before it, the plan, the ranking): the tables written, its output first.
   */
  public List<DeltaWrites.Written> score(
      SparkSession spark, LiveCartConfig config, LocalDate asOf) {
    List<DeltaWrites.Written> written = new ArrayList<>();
    switch (this) {
      case REPURCHASE -> written.add(RepurchaseModel.score(spark, config, asOf));
      case GMV_FORECAST -> {
        written.add(GmvForecast.forecast(spark, config, asOf));
        ForecastAccuracy.record(spark, config, asOf).ifPresent(written::add);
      }
      case REPLENISHMENT -> written.add(Replenishment.plan(spark, config, asOf));
      case SELECTION -> written.add(Selection.score(spark, config, asOf));
    }
    return written;
  }
}
