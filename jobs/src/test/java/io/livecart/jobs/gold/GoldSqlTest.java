package io.livecart.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.LiveCartException;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gold SQL files against their declarations, without Spark. */
class GoldSqlTest {
  @Test
  void everyPlaceholderIsADayListOrAConfiguredParameter() {
    LiveCartConfig config = ConfigLoader.load(Optional.empty(), Map.of(), List.of());
    Map<String, String> values = new HashMap<>();
    config.goldParameters().forEach((name, value) -> values.put(name, value.toString()));
    for (String list :
        List.of("as_of", "build_days", "scan_days", "build_months", "touched_days")) {
      values.put(list, "DATE'2025-01-01'");
    }
    for (Gold.Mart mart : Gold.TABLES) {
      assertThat(Gold.render(mart.name(), values)).doesNotContain("{{min_");
    }
    values.remove("min_conversion_rate");
    assertThatThrownBy(() -> Gold.render("alerts", values))
        .isInstanceOf(LiveCartException.class)
        .hasMessageContaining("alerts.sql uses {{min_conversion_rate}}");
  }
}
