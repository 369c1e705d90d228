package io.livecart.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalsTest {
  @Test
  void quantilesInterpolateAtTheExpectedRank() {
    // 19 residuals -0.9 .. 0.9: position (n + 1) p = 20 p, so 10% is the 2nd, 90% the 18th, 2.5%
    // half-way below the first (clamped to it), 97.5% the 19.5th (clamped to the 19th).
    double[] sorted = new double[19];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = (i - 9) / 10.0;
    }
    assertThat(Intervals.quantiles(sorted))
        .containsExactly(new double[] {-0.9, -0.8, 0.8, 0.9}, within(1e-12));
  }

  @Test
  void intervalsWidenWithTheHorizonAndFestivalDaysHaveTheirOwn() {
    List<Intervals.Residual> residuals = new ArrayList<>();
    for (int i = -9; i <= 9; i++) {
      residuals.add(new Intervals.Residual(Series.Level.TOTAL, 1, false, i / 10.0));
      // Week 2's own residuals are narrower than week 1's; the interval must not shrink.
      residuals.add(new Intervals.Residual(Series.Level.TOTAL, 8, false, i / 100.0));
      residuals.add(new Intervals.Residual(Series.Level.TOTAL, 3, true, i / 2.0));
    }
    Intervals intervals = Intervals.fit(residuals);

    Intervals.Bounds first = intervals.around(Series.Level.TOTAL, 1, false, 100, 100);
    assertThat(first.low80()).isCloseTo(20, within(1e-9));
    assertThat(first.high80()).isCloseTo(180, within(1e-9));
    assertThat(first.low95()).isCloseTo(10, within(1e-9));
    Intervals.Bounds second = intervals.around(Series.Level.TOTAL, 9, false, 100, 100);
    assertThat(second).isEqualTo(first);
    // Week 4 has no residual of its own: it inherits week 2's (which are week 1's).
    assertThat(intervals.around(Series.Level.TOTAL, 28, false, 100, 100)).isEqualTo(first);
    // Festival days: relative errors of -4 .. 4, bounds floored at zero.
    Intervals.Bounds festival = intervals.around(Series.Level.TOTAL, 3, true, 100, 100);
    assertThat(festival.low80()).isZero();
    assertThat(festival.high80()).isCloseTo(100 + 4 * 100, within(1e-9));
    // The base is floored at a tenth of the scale: a forecast of 0 still gets an interval.
    assertThat(intervals.around(Series.Level.TOTAL, 1, false, 0, 100).high80())
        .isCloseTo(8, within(1e-9));
    // A level without residuals gets no width.
    assertThat(intervals.around(Series.Level.ANCHOR, 1, false, 50, 100))
        .isEqualTo(new Intervals.Bounds(50, 50, 50, 50));
  }
}
