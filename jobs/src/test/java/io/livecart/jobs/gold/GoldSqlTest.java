package io.livecart.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.LiveCartException;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The gold SQL files against their declarations, without Spark. */
class GoldSqlTest {
  @Test
  void everyPlaceholderIsADayListOrAConfiguredParameter() {
    Map<String, String> values = values();
    for (Gold.Mart mart : Gold.TABLES) {
      assertThat(Gold.render(mart.name(), values)).doesNotContain("{{min_");
    }
    values.remove("min_conversion_rate");
    assertThatThrownBy(() -> Gold.render("alerts", values))
        .isInstanceOf(LiveCartException.class)
        .hasMessageContaining("alerts.sql uses {{min_conversion_rate}}");
  }

  /** Tables are built as soon as what they read is: what a table reads must be listed before it. */
  @Test
  void everyGoldTableAQueryReadsComesBeforeIt() {
    Map<String, String> values = values();
    List<String> tables = Gold.TABLES.stream().map(Gold.Mart::name).toList();
    List<String> before = new ArrayList<>();
    for (Gold.Mart mart : Gold.TABLES) {
      Set<String> reads = Gold.reads(Gold.render(mart.name(), values));
      assertThat(tables).as(mart.name() + " reads").containsAll(reads);
      assertThat(before).as(mart.name() + " reads").containsAll(reads);
      before.add(mart.name());
    }
    // Each file's header comment names its own table: a comment is no read.
    assertThat(Gold.reads(Gold.render("fact_order_lines", values)))
        .containsExactly("dim_live_session");
    assertThat(Gold.reads(Gold.render("live_session_review", values)))
        .containsExactlyInAnyOrder(
            "dim_live_session",
            "fact_viewing",
            "fact_interactions",
            "fact_order_lines",
            "session_curve");
  }

  @Test
  void readsAreTheRelationsOfThePlanItsCommonTableExpressionsAndSubqueries() {
    String sql =
        """
        -- gold.in_a_comment
        WITH paid AS (SELECT * FROM gold.fact_order_lines WHERE is_paid)
        SELECT p.*, 'gold.in_a_string' AS note FROM paid p JOIN silver.orders o USING (order_id)
        WHERE p.sku_id IN (SELECT sku_id FROM GOLD.Dim_Product)
          AND EXISTS (SELECT 1 FROM gold.dim_user u WHERE u.user_id = p.user_id)
        """;
    assertThat(Gold.reads(sql)).containsExactly("dim_product", "dim_user", "fact_order_lines");
  }

  private static Map<String, String> values() {
    LiveCartConfig config = ConfigLoader.load(Optional.empty(), Map.of(), List.of());
    Map<String, String> values = new HashMap<>();
    config.goldParameters().forEach((name, value) -> values.put(name, value.toString()));
    for (String list :
        List.of(
            "as_of",
            "build_days",
            "scan_days",
            "build_months",
            "log_build_days",
            "log_scan_days",
            "touched_days")) {
      values.put(list, "DATE'2025-01-01'");
    }
    return values;
  }
}
