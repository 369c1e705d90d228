package io.livecart.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StepsTest {
  private static TreeSet<LocalDate> days(String... days) {
    return Stream.of(days)
        .map(LocalDate::parse)
        .collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
  }

  @Test
  void aLongRangeIsOneRunAndGapsSplitIt() {
    TreeSet<LocalDate> year = new TreeSet<>();
    for (LocalDate d = LocalDate.parse("2025-01-01"); d.getYear() == 2025; d = d.plusDays(1)) {
      year.add(d);
    }
    assertThat(Steps.ranges(year)).isEqualTo("2025-01-01..2025-12-31 (365 days)");
    assertThat(Steps.ranges(days("2025-01-03", "2025-01-05", "2025-01-06", "2025-01-07")))
        .isEqualTo("2025-01-03, 2025-01-05..2025-01-07 (4 days)");
    assertThat(Steps.ranges(days("2025-01-03"))).isEqualTo("2025-01-03 (1 day)");
    assertThat(
            Steps.ranges(
                days(
                    "2025-01-01",
                    "2025-01-03",
                    "2025-01-05",
                    "2025-01-07",
                    "2025-01-09",
                    "2025-01-11",
                    "2025-01-13")))
        .isEqualTo(
            "2025-01-01, 2025-01-03, 2025-01-05, 2025-01-07, 2025-01-09 and 2 more runs (7 days)");
  }
}
