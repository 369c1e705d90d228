package io.livecart.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.Table;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wholesale shop's baskets: 20 shoppers' {S1, S2} and three buyers' orders of the same 1,000 SKUs
 * on one day. With the cap the wholesale baskets are left out and the rules are those of the small
 * baskets alone; without it every pair of the 1,000 SKUs is a rule too (FPGrowth overflowed a task
 * thread's stack on such baskets, and never ended on dense ones).
 */
class BasketRulesTest {
  private static final LocalDate NIGHT = LocalDate.of(2025, 6, 30);

  @TempDir Path root;

  private final SparkSession spark = TestSpark.session();

  private LiveCartConfig config(String... overrides) {
    List<String> settings = new ArrayList<>(List.of("paths.root=" + root));
    settings.addAll(List.of(overrides));
    return ConfigLoader.load(Optional.empty(), Map.of(), settings);
  }

  private void landFacts(LiveCartConfig config) {
    List<Row> lines = new ArrayList<>();
    Date day = Date.valueOf(NIGHT);
    for (int shopper = 0; shopper < 20; shopper++) {
      lines.add(RowFactory.create("U" + shopper, "S1", day, day, true));
      lines.add(RowFactory.create("U" + shopper, "S2", day, day, true));
    }
    for (int buyer = 0; buyer < 3; buyer++) {
      for (int sku = 0; sku < 1_000; sku++) {
        lines.add(RowFactory.create("W" + buyer, "X" + sku, day, day, true));
      }
    }
    StructType schema =
        new StructType()
            .add("user_id", DataTypes.StringType)
            .add("sku_id", DataTypes.StringType)
            .add("order_date", DataTypes.DateType)
            .add("paid_date", DataTypes.DateType)
            .add("is_paid", DataTypes.BooleanType);
    Table facts = new Table(Table.GOLD, "fact_order_lines");
    spark.createDataFrame(lines, schema).write().format("delta").save(facts.path(config));
    Catalog.register(spark, facts, config);
  }

  private List<String> rules(LiveCartConfig config) {
    return rows(config)
        .selectExpr(
            "concat_ws(' ', array_join(antecedent, ','), array_join(consequent, ','), support)")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .sorted()
        .toList();
  }

  private Dataset<Row> rows(LiveCartConfig config) {
    Map<String, String> values = new HashMap<>();
    config.goldParameters().forEach((name, value) -> values.put(name, value.toString()));
    values.put("as_of", SqlDates.literal(NIGHT));
    return spark.sql(Gold.render("basket_rules", values));
  }

  @Test
  void wholesaleBasketsAreLeftOutAndLongBasketsStillRun() {
    LiveCartConfig capped = config();
    landFacts(capped);

    assertThat(rules(capped)).containsExactly("S1 S2 1.0", "S2 S1 1.0");
    Dataset<Row> uncapped = rows(config("gold.parameters.basket_max_items=1000"));
    assertThat(uncapped.count()).isEqualTo(2 + 1_000 * 999);
    assertThat(uncapped.where("antecedent = array('S1')").first().getDouble(3))
        .isEqualTo(20.0 / 23);
  }
}
