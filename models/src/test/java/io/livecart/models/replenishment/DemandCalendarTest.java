package io.livecart.models.replenishment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livecart.models.replenishment.DemandCalendar.Phase;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DemandCalendarTest {
  @Test
  void phasesOfTheFestivalCalendar() {
    assertThat(Phase.of(LocalDate.of(2025, 7, 1))).isEqualTo(Phase.ORDINARY);
    assertThat(Phase.of(LocalDate.of(2025, 10, 25))).isEqualTo(Phase.BUILD);
    assertThat(Phase.of(LocalDate.of(2025, 11, 8))).isEqualTo(Phase.RUSH);
    assertThat(Phase.of(LocalDate.of(2025, 11, 11))).isEqualTo(Phase.PEAK);
    assertThat(Phase.of(LocalDate.of(2025, 6, 18))).isEqualTo(Phase.PEAK);
    assertThat(Phase.of(LocalDate.of(2025, 1, 29))).isEqualTo(Phase.SPRING_FESTIVAL);
  }

  @Test
  void factorsAreRatiosOfSalesToBase() {
    LocalDate first = LocalDate.of(2025, 5, 1);
    int days = 61; // May and June: 618's window and peak
    double[] sales = new double[days];
    double[] base = new double[days];
    for (int d = 0; d < days; d++) {
      LocalDate day = first.plusDays(d);
      base[d] = 100;
      double weekday = day.getDayOfWeek().getValue() >= 6 ? 1.4 : 0.84;
      double phase =
          switch (Phase.of(day)) {
            case BUILD -> 1.5;
            case RUSH -> 2;
            case PEAK -> 3;
            default -> 1;
          };
      sales[d] = 100 * weekday * phase;
    }
    DemandCalendar calendar = DemandCalendar.fit(first, sales, base, days - 1);
    // weekday factors average 1: 5 x 0.84 + 2 x 1.4 = 7
    assertThat(calendar.weekdayFactor(1)).isCloseTo(0.84, within(1e-9));
    assertThat(calendar.weekdayFactor(7)).isCloseTo(1.4, within(1e-9));
    assertThat(calendar.phaseFactor(Phase.BUILD)).isCloseTo(1.5, within(1e-9));
    assertThat(calendar.phaseFactor(Phase.RUSH)).isCloseTo(2, within(1e-9));
    assertThat(calendar.phaseFactor(Phase.PEAK)).isCloseTo(3, within(1e-9));
    // not seen: no effect
    assertThat(calendar.phaseFactor(Phase.SPRING_FESTIVAL)).isEqualTo(1);
    assertThat(calendar.factor(LocalDate.of(2025, 6, 18))).isCloseTo(0.84 * 3, within(1e-9));
    // fitted only on the days up to May 31: 618 not seen yet
    DemandCalendar early = DemandCalendar.fit(first, sales, base, 30);
    assertThat(early.phaseFactor(Phase.PEAK)).isEqualTo(1);
  }

  @Test
  void evidenceSkipsEmptyShelvesAndCellsWithoutBase() {
    LocalDate first = LocalDate.of(2025, 7, 1);
    int days = 30;
    long[] units = new long[days];
    long[] onHand = new long[days];
    java.util.Arrays.fill(units, 2);
    java.util.Arrays.fill(onHand, 10);
    onHand[20] = 0;
    units[25] = 8;
    CellHistory cell = Cells.cell(first, units, onHand);
    double[] sales = new double[days];
    double[] base = new double[days];
    DemandCalendar.addEvidence(cell, sales, base);
    // a base needs 14 in-stock ordinary days before the day
    assertThat(sales[13]).isZero();
    assertThat(base[14]).isEqualTo(2);
    assertThat(sales[14]).isEqualTo(2);
    // the empty-shelf day is no evidence
    assertThat(sales[20]).isZero();
    assertThat(base[20]).isZero();
    assertThat(sales[25]).isEqualTo(8);
    assertThat(base[25]).isEqualTo(2);
  }
}
