package io.livecart.models.btyd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GammaGammaTest {
  @Test
  void theExpectedSpendShrinksTowardThePopulationMean() {
    GammaGamma model = new GammaGamma(6, 4, 15, 40);
    // population mean p * gamma / (q - 1) = 30; with 3 repeats of 50: 6 * (15 + 150) / (18 + 3)
    assertThat(model.expectedSpend(0, 0)).isCloseTo(30, within(1e-12));
    assertThat(model.expectedSpend(3, 50)).isCloseTo(6 * 165 / 21.0, within(1e-12));
  }

  /**
   * Spends too heavy-tailed for a population mean (q <= 1): the formula gave a new customer 2 * 10
   * / (0.8 - 1) = -100 CNY a purchase. The customer's own mean and, without a repeat, the observed
   * mean stand in.
   */
  @Test
  void withoutAPopulationMeanTheObservedOnesStandIn() {
    GammaGamma heavy = new GammaGamma(2, 0.8, 10, 57.5);
    assertThat(heavy.expectedSpend(0, 0)).isEqualTo(57.5);
    assertThat(heavy.expectedSpend(4, 80)).isEqualTo(80);
  }
}
