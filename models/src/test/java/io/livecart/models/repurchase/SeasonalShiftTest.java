package io.livecart.models.repurchase;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livecart.core.TestSpark;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeasonalShiftTest {
  private static final LocalDate CALIBRATED = LocalDate.of(2025, 3, 1);
  private static final LocalDate AS_OF = LocalDate.of(2025, 4, 1);
  private final SparkSession spark = TestSpark.session();

  /**
   * A year before the calibration date (2024-03-01) four buyers were active and one of them (A)
   * paid in the 30 days after it: 1/4. A year before the scored date (2024-04-01) B and C paid in
   * the 30 days after it: 2/4. The odds went from 1/3 to 1, so they are multiplied by 3.
   */
  @BeforeAll
  void aYearEarlier() {
    new GoldFixture()
        .order("A", LocalDate.of(2024, 2, 1), 10)
        .order("A", LocalDate.of(2024, 3, 10), 10)
        .order("B", LocalDate.of(2024, 2, 15), 10)
        .order("B", LocalDate.of(2024, 4, 15), 10)
        .order("C", LocalDate.of(2024, 2, 20), 10)
        .order("C", LocalDate.of(2024, 4, 20), 10)
        .order("D", LocalDate.of(2024, 1, 10), 10)
        .write(spark, TestSpark.config());
  }

  private static LiveCartConfig leastBuyers(int least) {
    return ConfigLoader.load(
        Optional.empty(),
        Map.of(),
        List.of(
            "paths.warehouse=" + TestSpark.config().warehouse(),
            "models.parameters.repurchase_min_buyers=" + least));
  }

  @Test
  void theOddsMoveAsTheyMovedAYearEarlier() {
    SeasonalShift shift = SeasonalShift.of(spark, leastBuyers(4), CALIBRATED, AS_OF);

    assertThat(shift.factor()).isCloseTo(3.0, within(1e-9));
    assertThat(shift.why()).contains("0.2500", "2024-03-01", "0.5000", "2024-04-01");
    double shifted =
        spark
            .range(1)
            .select(shift.apply(col("id").cast("double").plus(0.25)))
            .first()
            .getDouble(0);
    // odds 1/3 times 3: even
    assertThat(shifted).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void tooFewBuyersAYearEarlierShiftNothing() {
    SeasonalShift shift = SeasonalShift.of(spark, leastBuyers(5), CALIBRATED, AS_OF);

    assertThat(shift.factor()).isEqualTo(1.0);
    assertThat(shift.why()).contains("4 active buyers on 2024-03-01, fewer than 5");
    assertThat(SeasonalShift.of(spark, leastBuyers(4), AS_OF, AS_OF).factor()).isEqualTo(1.0);
    // the history begins on 2024-01-10: a calibration on 2025-01-09 has no year before it
    assertThat(SeasonalShift.of(spark, leastBuyers(4), LocalDate.of(2025, 1, 9), AS_OF).why())
        .isEqualTo(
            "no seasonal shift: the order history begins after 2024-01-09, a year before"
                + " 2025-01-09");
  }
}
