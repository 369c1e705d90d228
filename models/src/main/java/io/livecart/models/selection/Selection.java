package io.livecart.models.selection;

import io.livecart.core.Errors;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.SqlTemplate;
import io.livecart.core.warehouse.Table;
import io.livecart.models.replenishment.Replenishment;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The selection score (选品, docs/contract.md): which SKUs to put in the next live sessions, ranked
 * by forecast demand, profit per unit, live-room conversion and repurchase, given the stock on
 * hand. A documented rule over the night's replenishment forecast and gold ({@code
 * sql/models/selection_scores.sql}), not a trained model: its components are kept as columns so a
 * planner can see why a SKU ranks where it does, and the weights are configuration ({@code
 * selection_weight_*}).
 */
public final class Selection {
  /** Per as-of date and SKU in stock: the score, its rank and its components. */
  public static final Table SCORES = new Table(Table.ML, "selection_scores");

  private Selection() {}

  /** Why {@code asOf} cannot be scored, if it cannot: its replenishment plan is missing. */
  public static Optional<String> whyNot(SparkSession spark, LiveCartConfig config, LocalDate asOf) {
    boolean planned =
        Replenishment.PLAN
            .read(spark, config)
            .map(plan -> !plan.where("as_of_date = " + SqlDates.literal(asOf)).isEmpty())
            .orElse(false);
    return planned
        ? Optional.empty()
        : Optional.of("no replenishment plan as of " + asOf + " (it forecasts the demand scored)");
  }

  /** Scores the SKUs in stock as of {@code asOf}, replacing the date's partition. */
  public static DeltaWrites.Written score(
      SparkSession spark, LiveCartConfig config, LocalDate asOf) {
    long start = System.nanoTime();
    whyNot(spark, config, asOf)
        .ifPresent(
            reason -> {
              throw Errors.notEnoughHistory("selection", reason);
            });
    Map<String, String> values = new HashMap<>();
    config.modelParameters().forEach((name, value) -> values.put(name, value.toString()));
    values.put("as_of", SqlDates.literal(asOf));
    DeltaWrites.Written written =
        DeltaWrites.replace(
            spark,
            config,
            SCORES,
            spark.sql(SqlTemplate.render("models", "selection_scores", values)),
            "as_of_date = " + SqlDates.literal(asOf),
            "as_of_date");
    Steps.log("selection scores " + asOf, written.rows(), start);
    return written;
  }
}
