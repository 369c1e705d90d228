package io.livecart.models.replenishment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TsbTest {
  @Test
  void firstObservationsAreAveragedThenSmoothed() {
    Tsb tsb = new Tsb(0.1, 0.1);
    tsb.observe(2);
    // probability 1, size 2
    assertThat(tsb.level()).isCloseTo(2, within(1e-12));
    tsb.observe(0);
    // probability (1 + 0) / 2, size still 2
    assertThat(tsb.level()).isCloseTo(1, within(1e-12));
    tsb.observe(4);
    // probability 2/3; size: mean of the demand days (2 + 4) / 2 = 3
    assertThat(tsb.level()).isCloseTo(2, within(1e-12));
    // squared one-step errors 4, 4, 9 averaged while 1/n > 0.05
    assertThat(tsb.sd()).isCloseTo(Math.sqrt(17.0 / 3), within(1e-12));
    assertThat(tsb.observations()).isEqualTo(3);
  }

  @Test
  void aSkuThatStopsSellingFadesAway() {
    Tsb tsb = new Tsb(0.1, 0.1);
    for (int d = 0; d < 30; d++) {
      tsb.observe(5);
    }
    assertThat(tsb.level()).isCloseTo(5, within(1e-9));
    for (int d = 0; d < 10; d++) {
      tsb.observe(0);
    }
    // the probability decays by (1 - beta) a day; the size of a demand day is kept
    assertThat(tsb.level()).isCloseTo(5 * Math.pow(0.9, 10), within(1e-9));
  }

  @Test
  void aCopyLearnsOnItsOwn() {
    Tsb tsb = new Tsb(0.2, 0.1);
    tsb.observe(3);
    Tsb copy = tsb.copy();
    copy.observe(0);
    assertThat(tsb.level()).isEqualTo(3);
    assertThat(copy.level()).isCloseTo(1.5, within(1e-12));
  }
}
