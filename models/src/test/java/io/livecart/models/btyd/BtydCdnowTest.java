package io.livecart.models.btyd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BG/NBD and Gamma-Gamma on the CDNOW 1/10 sample reproduce the published parameters (see
 * src/test/resources/cdnow/README.md): weeks as the time unit, calibration to 1997-09-30.
 */
class BtydCdnowTest {
  private static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
  private static final List<Summary> histories = new ArrayList<>();
  private static final List<GammaGamma.Spend> spends = new ArrayList<>();

  /** Per customer, the dollar value of each purchase day (same-day purchases merged). */
  @BeforeAll
  static void summarise() throws IOException {
    Map<String, TreeMap<LocalDate, Double>> days = new TreeMap<>();
    DateTimeFormatter compact = DateTimeFormatter.BASIC_ISO_DATE;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                BtydCdnowTest.class.getResourceAsStream("/cdnow/CDNOW_sample.txt"),
                StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.strip().split("\\s+");
        LocalDate date = LocalDate.parse(f[2], compact);
        if (!date.isAfter(CALIBRATION_END)) {
          days.computeIfAbsent(f[1], k -> new TreeMap<>())
              .merge(date, Double.parseDouble(f[4]), Double::sum);
        }
      }
    }
    for (TreeMap<LocalDate, Double> purchases : days.values()) {
      LocalDate first = purchases.firstKey();
      int x = purchases.size() - 1;
      double tx = ChronoUnit.DAYS.between(first, purchases.lastKey()) / 7.0;
      double age = ChronoUnit.DAYS.between(first, CALIBRATION_END) / 7.0;
      histories.add(new Summary(x, tx, age, 1));
      if (x > 0) {
        double repeatSpend =
            purchases.tailMap(first, false).values().stream().mapToDouble(v -> v).sum();
        spends.add(new GammaGamma.Spend(x, repeatSpend / x, 1));
      }
    }
  }

  @Test
  void theSampleIsThePublishedOne() {
    assertThat(histories).hasSize(2_357);
    assertThat(histories.stream().mapToInt(Summary::x).sum()).isEqualTo(2_457);
    assertThat(spends).hasSize(946);
  }

  @Test
  void bgNbdReproducesFaderHardieLee2005() {
    BgNbd fit = BgNbd.fit(histories);

    assertThat(fit.r()).isCloseTo(0.243, within(0.005));
    assertThat(fit.alpha()).isCloseTo(4.414, within(0.005));
    assertThat(fit.a()).isCloseTo(0.793, within(0.005));
    assertThat(fit.b()).isCloseTo(2.426, within(0.005));
    assertThat(fit.logLikelihood(histories)).isCloseTo(-9582.4, within(0.05));
  }

  @Test
  void gammaGammaReproducesFaderHardieLee2005() {
    GammaGamma fit = GammaGamma.fit(spends);

    assertThat(fit.p()).isCloseTo(6.25, within(0.005));
    assertThat(fit.q()).isCloseTo(3.74, within(0.005));
    assertThat(fit.gamma()).isCloseTo(15.44, within(0.005));
  }

  @Test
  void predictionsAgreeWithThePaper() {
    BgNbd paper = new BgNbd(0.243, 4.414, 0.793, 2.426);
    // Figure of the paper's section 4.2: a customer with x = 2, t_x = 30.43, T = 38.86 is expected
    // to make 1.226 purchases in the next 39 weeks.
    Summary customer = new Summary(2, 30.43, 38.86, 1);
    assertThat(paper.expectedPurchases(customer, 39)).isCloseTo(1.226, within(0.002));
    // A new customer who has not come back: certainly alive (drop-out follows a purchase only).
    assertThat(paper.probabilityAlive(new Summary(0, 0, 30, 1))).isEqualTo(1.0);
    double p = paper.probabilityOfPurchase(customer, 39);
    assertThat(p).isBetween(0.0, paper.probabilityAlive(customer));
  }
}
