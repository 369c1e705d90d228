package io.livecart.jobs.gold;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.ml.fpm.FPGrowth;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Association rules of the baskets of {@code sql/gold/basket_rules.sql}, by MLlib's FPGrowth. */
final class BasketRules {
  private BasketRules() {}

  static Dataset<Row> mine(Dataset<Row> baskets, Map<String, Number> parameters, LocalDate asOf) {
    FPGrowth growth =
        new FPGrowth()
            .setItemsCol("items")
            .setMinSupport(parameters.get("basket_min_support").doubleValue())
            .setMinConfidence(parameters.get("basket_min_confidence").doubleValue());
    return growth
        .fit(baskets)
        .associationRules()
        .select(
            lit(Date.valueOf(asOf)).as("as_of_date"),
            array_sort(col("antecedent")).as("antecedent"),
            array_sort(col("consequent")).as("consequent"),
            col("support"),
            col("confidence"),
            col("lift"));
  }
}
