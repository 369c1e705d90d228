package io.livecart.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.LiveCartException;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
      // Comments may name other things (gold.comment-topics); only gold tables are waited for.
      Set<String> reads = new HashSet<>(Gold.reads(Gold.render(mart.name(), values)));
      reads.retainAll(tables);
      reads.remove(mart.name());
      assertThat(before).as(mart.name() + " reads").containsAll(reads);
      before.add(mart.name());
    }
    assertThat(Gold.reads(Gold.render("fact_order_lines", values)))
        .containsExactlyInAnyOrder("fact_order_lines", "dim_live_session");
    assertThat(Gold.reads(Gold.render("live_session_review", values)))
        .containsExactlyInAnyOrder(
            "live_session_review",
            "dim_live_session",
            "fact_viewing",
            "fact_interactions",
            "fact_order_lines");
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
