package io.livecart.jobs.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.config.Freshness;
import io.livecart.core.landing.Source;
import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SourceFreshnessTest {
  private static final LocalDate NIGHT = LocalDate.of(2025, 3, 29);

  /** orders as configured by default; a 28-day window; norms under 20 rows not judged by volume. */
  private static final Freshness FRESHNESS =
      new Freshness(28, 20, Map.of(Source.ORDERS, new Freshness.Rule(1, 2, 0.5, 0.1)));

  /** {@code rows} on each of the {@code days} days before the night, and {@code night} on it. */
  private static SortedMap<LocalDate, Long> daily(int days, long rows, long night) {
    SortedMap<LocalDate, Long> delivered = new TreeMap<>();
    for (int i = 1; i <= days; i++) {
      delivered.put(NIGHT.minusDays(i), rows);
    }
    if (night > 0) {
      delivered.put(NIGHT, night);
    }
    return delivered;
  }

  private static SourceFreshness.Check judge(SortedMap<LocalDate, Long> delivered) {
    return SourceFreshness.judge(FRESHNESS, Source.ORDERS, NIGHT, delivered);
  }

  @Test
  void aNightLikeItsNormPasses() {
    SourceFreshness.Check check = judge(daily(40, 100, 90));

    assertThat(check.status()).isEqualTo(SourceFreshness.PASS);
    assertThat(check.lagDays()).isZero();
    assertThat(check.medianRows()).isEqualTo(100.0);
    assertThat(check.ratio()).isEqualTo(0.9);
  }

  @Test
  void aNightWithoutRowsOfADailySourceIsAnError() {
    SourceFreshness.Check check = judge(daily(40, 100, 0));

    assertThat(check.status()).isEqualTo(SourceFreshness.ERROR);
    assertThat(check.newestDay()).isEqualTo(NIGHT.minusDays(1));
    assertThat(check.lagDays()).isEqualTo(1);
    assertThat(check.ratio()).isZero();
    assertThat(check.reason())
        .isEqualTo("0 rows, 0% of the median 100 of its landing days in the 28 before");
  }

  @Test
  void aThinNightWarnsAndAnEmptierOneFails() {
    assertThat(judge(daily(40, 100, 30)).status()).isEqualTo(SourceFreshness.WARN);
    assertThat(judge(daily(40, 100, 10)).status()).isEqualTo(SourceFreshness.WARN);
    assertThat(judge(daily(40, 100, 9)).status()).isEqualTo(SourceFreshness.ERROR);
  }

  @Test
  void aSparseSourceIsJudgedByItsLagOnly() {
    SortedMap<LocalDate, Long> sparse = daily(40, 3, 0);

    SourceFreshness.Check oneDayLate = judge(sparse);
    sparse.remove(NIGHT.minusDays(1));
    SourceFreshness.Check twoDaysLate = judge(sparse);

    assertThat(oneDayLate.status()).isEqualTo(SourceFreshness.WARN);
    assertThat(oneDayLate.ratio()).isNull();
    assertThat(oneDayLate.reason()).isEqualTo("no rows since 2025-03-28 (1 day)");
    assertThat(twoDaysLate.status()).isEqualTo(SourceFreshness.ERROR);
    assertThat(twoDaysLate.reason()).isEqualTo("no rows since 2025-03-27 (2 days)");
  }

  @Test
  void theNormIsTheMedianOfTheWindowAndSourcesWithoutHistoryOrRuleAreNotJudged() {
    SortedMap<LocalDate, Long> delivered = daily(28, 100, 100);
    delivered.put(NIGHT.minusDays(29), 1_000_000L); // before the window
    delivered.put(NIGHT.minusDays(2), 200L);
    delivered.put(NIGHT.minusDays(3), 200L);

    assertThat(judge(delivered).medianRows()).isEqualTo(100.0);
    assertThat(judge(new TreeMap<>()).status()).isEqualTo(SourceFreshness.NOT_DELIVERED);
    assertThat(SourceFreshness.judge(FRESHNESS, Source.USERS, NIGHT, daily(3, 5, 0)).status())
        .isEqualTo(SourceFreshness.NO_RULE);
  }
}
