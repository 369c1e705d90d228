package io.livecart.models.replenishment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CellHistoryTest {
  /**
   * Four units a day on the days with a snapshot; the snapshots of every other day are missing and
   * the sales feed shows nothing on them (the shop's export lost those days). An unknown shelf is
   * not a full one: those days teach nothing, and demand stays four a day, not two.
   */
  @Test
  void aDayWithoutASnapshotIsNotInStock() {
    int days = 60;
    long[] units = new long[days];
    long[] onHand = new long[days];
    for (int d = 0; d < days; d++) {
      boolean known = d % 2 == 0;
      units[d] = known ? 4 : 0;
      onHand[d] = known ? 50 : CellHistory.UNKNOWN;
    }
    CellHistory cell = Cells.cell(LocalDate.of(2025, 3, 1), units, onHand);

    assertThat(cell.inStock(0)).isTrue();
    assertThat(cell.inStock(1)).isFalse();
    Tsb learned = new DemandModel(0.1, 0.1, DemandCalendar.FLAT).learn(cell, days - 1);
    assertThat(learned.level()).isCloseTo(4, within(1e-9));
    assertThat(DemandModel.demandClass(cell, days - 1)).isEqualTo("smooth");
  }
}
