package io.livecart.models.replenishment;

import java.time.LocalDate;
import java.util.Arrays;

/** Cells for tests: SKU S1 in warehouse W1, lead time 5 days, case pack 1, no MOQ, cost 10. */
final class Cells {
  private Cells() {}

  static CellHistory cell(LocalDate first, long[] units, long[] onHand) {
    long[] onOrder = new long[units.length];
    long[] truth = new long[units.length];
    Arrays.fill(truth, CellHistory.UNKNOWN);
    return cell(first, units, onHand, onOrder, truth);
  }

  static CellHistory cell(
      LocalDate first, long[] units, long[] onHand, long[] onOrder, long[] trueDemand) {
    return new CellHistory(
        "S1", "W1", "商品", "美妆护肤", "B", 5, 1, 0, 10.0, first, 0, units, onHand, onOrder, trueDemand);
  }
}
