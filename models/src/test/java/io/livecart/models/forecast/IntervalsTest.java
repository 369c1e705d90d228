package io.livecart.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalsTest {
  private static final String TOTAL = Series.TOTAL_KEY;

  @Test
  void quantilesTakeTheConformalRanks() {
    // 19 residuals -0.9 .. 0.9: 10% is rank floor(20 * 0.1) = 2, 90% rank ceil(20 * 0.9) = 18. The
    // 95% bounds would need rank 0 and 20: 19 residuals cannot bound a 95% interval (their extremes
    // cover 18 / 20), so they are unknown.
    double[] nineteen = new double[19];
    for (int i = 0; i < nineteen.length; i++) {
      nineteen[i] = (i - 9) / 10.0;
    }
    double[] q = Intervals.quantiles(nineteen);
    assertThat(q[1]).isCloseTo(-0.8, within(1e-12));
    assertThat(q[2]).isCloseTo(0.8, within(1e-12));
    assertThat(q[0]).isNaN();
    assertThat(q[3]).isNaN();
    // 39 residuals -1.9 .. 1.9: 2.5% is rank floor(40 * 0.025) = 1, 97.5% rank ceil(39) = 39,
    // 10% rank 4, 90% rank 36.
    double[] thirtyNine = new double[39];
    for (int i = 0; i < thirtyNine.length; i++) {
      thirtyNine[i] = (i - 19) / 10.0;
    }
    assertThat(Intervals.quantiles(thirtyNine))
        .containsExactly(new double[] {-1.9, -1.6, 1.6, 1.9}, within(1e-12));
  }

  @Test
  void intervalsWidenWithTheHorizonFestivalDaysHaveTheirOwnAndFewResidualsBorrow() {
    List<Intervals.Residual> residuals = new ArrayList<>();
    for (int i = -9; i <= 9; i++) {
      residuals.add(new Intervals.Residual(Series.Level.TOTAL, TOTAL, 0, 1, false, i / 10.0));
      // Week 2's own residuals are narrower than week 1's; the interval must not shrink.
      residuals.add(new Intervals.Residual(Series.Level.TOTAL, TOTAL, 0, 8, false, i / 100.0));
      residuals.add(new Intervals.Residual(Series.Level.TOTAL, TOTAL, 0, 3, true, i / 2.0));
    }
    Intervals intervals = Intervals.fit(residuals);

    Intervals.Bounds first = intervals.around(Series.Level.TOTAL, TOTAL, 1, false, 100, 100, 1);
    assertThat(first.low80()).isCloseTo(20, within(1e-9));
    assertThat(first.high80()).isCloseTo(180, within(1e-9));
    // No pool but all 57 residuals reaches 39. Their 95% bounds (-4.5, 4.5) lie 2 beyond their 80%
    // ones (-2.5, 2.5); rescaled to the bucket's 80% width (1.6 against 5) that is 0.64 beyond -0.8
    // and 0.8, not the festival days' extremes.
    assertThat(first.low95()).isZero();
    assertThat(first.high95()).isCloseTo(100 + 1.44 * 100, within(1e-9));
    Intervals.Bounds second = intervals.around(Series.Level.TOTAL, TOTAL, 9, false, 100, 100, 1);
    assertThat(second).isEqualTo(first);
    // Week 4 has no residual of its own: it borrows the level's ordinary days (10% rank 3 of 38,
    // -0.7), never narrower than week 2.
    assertThat(intervals.around(Series.Level.TOTAL, TOTAL, 28, false, 100, 100, 1))
        .isEqualTo(first);
    // Festival days: relative errors of -4.5 .. 4.5, bounds floored at zero.
    Intervals.Bounds festival = intervals.around(Series.Level.TOTAL, TOTAL, 3, true, 100, 100, 1);
    assertThat(festival.low80()).isZero();
    assertThat(festival.high80()).isCloseTo(100 + 4 * 100, within(1e-9));
    // The base is floored at a tenth of the scale: a forecast of 0 still gets an interval.
    assertThat(intervals.around(Series.Level.TOTAL, TOTAL, 1, false, 0, 100, 1).high80())
        .isCloseTo(8, within(1e-9));
    // A level without residuals gets no interval.
    assertThat(intervals.around(Series.Level.ANCHOR, "小杨", 1, false, 50, 100, 1))
        .isEqualTo(Intervals.Bounds.UNKNOWN);
    assertThat(
            Intervals.fit(List.of())
                .around(Series.Level.TOTAL, TOTAL, 1, false, 50, 100, 1)
                .known95())
        .isFalse();
  }

  /**
   * The README world's total (one series, two origins of residuals): its 80% bounds are its own
   * extremes, and the wider pools' 95% bounds, with the finer levels' smaller errors, fall inside
   * them. Held at least as wide as the 80% bounds, they published a 95% interval equal to the 80%
   * one; rescaled to the total's 80% width they reach beyond it.
   */
  @Test
  void a95IntervalIsNeverTheSameAsThe80One() {
    List<Intervals.Residual> residuals = new ArrayList<>();
    for (int i = -6; i <= 6; i++) {
      residuals.add(new Intervals.Residual(Series.Level.TOTAL, TOTAL, 0, 1, false, i / 2.0));
    }
    for (int i = -25; i <= 25; i++) {
      residuals.add(new Intervals.Residual(Series.Level.CATEGORY, "美妆", 0, 1, false, i / 50.0));
    }
    Intervals intervals = Intervals.fit(residuals);

    // The total's 13 residuals bound its 80% interval at ranks 1 and 13 (-3, 3). The 64 of both
    // levels have 95% bounds -3 and 3 (ranks 1 and 64), 2.5 beyond their 80% ones (-0.5, 0.5, ranks
    // 6 and 59); in units of the total's 80% width (6 against 1) that is 15 beyond. Base: 1000 *
    // 0.01.
    assertThat(bounds(intervals.around(Series.Level.TOTAL, TOTAL, 1, false, 1000, 100, 0.01)))
        .containsExactly(new double[] {820, 970, 1030, 1180}, within(1e-9));
    // The category's 51 bound both of its intervals themselves.
    assertThat(bounds(intervals.around(Series.Level.CATEGORY, "美妆", 1, false, 1000, 100, 0.01)))
        .containsExactly(new double[] {995, 995.8, 1004.2, 1005}, within(1e-9));
  }

  private static double[] bounds(Intervals.Bounds b) {
    return new double[] {b.low95(), b.low80(), b.high80(), b.high95()};
  }

  /**
   * Exchangeable residuals: 30 of the total and 30 of a category in week 1, then fresh ones. The
   * 95% bounds borrow the 60 of both levels and must cover at least 95% on average; the sample's
   * extremes (the former rule) covered 29 / 31, 93.5%.
   */
  @Test
  void intervalsCoverAtLeastTheirLevel() {
    Random random = new Random(11);
    int trials = 2000;
    int fresh = 50;
    int inside80 = 0;
    int inside95 = 0;
    for (int t = 0; t < trials; t++) {
      List<Intervals.Residual> residuals = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        residuals.add(
            new Intervals.Residual(
                Series.Level.TOTAL, TOTAL, 0, 1, false, 0.1 * random.nextGaussian()));
        residuals.add(
            new Intervals.Residual(
                Series.Level.CATEGORY, "美妆", 0, 1, false, 0.1 * random.nextGaussian()));
      }
      Intervals.Bounds b =
          Intervals.fit(residuals).around(Series.Level.TOTAL, TOTAL, 1, false, 1000, 1000, 1);
      for (int i = 0; i < fresh; i++) {
        double actual = 1000 + 100 * random.nextGaussian();
        inside80 += actual >= b.low80() && actual <= b.high80() ? 1 : 0;
        inside95 += actual >= b.low95() && actual <= b.high95() ? 1 : 0;
      }
    }
    assertThat((double) inside80 / (trials * fresh)).isGreaterThanOrEqualTo(0.80);
    assertThat((double) inside95 / (trials * fresh)).isGreaterThanOrEqualTo(0.95);
  }

  /**
   * A level of 80 series, steady ones (daily errors of 5% of the forecast) and spiky ones (50%),
   * each with too few residuals for a factor of its own (5), so the level's pool sets their
   * intervals. Divided by each series' dispersion (its mean absolute deviation over its mean, here
   * 0.8 of its errors' standard deviation) the residuals are of one size, and each kind's 80%
   * interval covers about 80%. Divided by the forecast alone (dispersion 1 for all) the spiky
   * series set the width: the steady ones' 80% intervals covered every day, the spiky ones' too
   * few.
   */
  @Test
  void seriesThatBorrowFromTheirLevelGetIntervalsOfTheirOwnWidth() {
    Random random = new Random(7);
    double forecast = 1000;
    double[] spread = {0.05, 0.5};
    double[] dispersion = {0.05 * Math.sqrt(2 / Math.PI), 0.5 * Math.sqrt(2 / Math.PI)};
    for (boolean normalized : new boolean[] {true, false}) {
      List<Intervals.Residual> residuals = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int kind = i % 2;
        double actual = forecast * (1 + spread[kind] * random.nextGaussian());
        residuals.add(
            new Intervals.Residual(
                Series.Level.CATEGORY,
                "series " + i % 80,
                0,
                1,
                false,
                Intervals.residual(actual, forecast, forecast, normalized ? dispersion[kind] : 1)));
      }
      Intervals intervals = Intervals.fit(residuals);
      double[] covered = new double[2];
      int fresh = 20_000;
      for (int kind = 0; kind < 2; kind++) {
        Intervals.Bounds b =
            intervals.around(
                Series.Level.CATEGORY,
                "series " + kind,
                1,
                false,
                forecast,
                forecast,
                normalized ? dispersion[kind] : 1);
        for (int i = 0; i < fresh; i++) {
          double actual = forecast * (1 + spread[kind] * random.nextGaussian());
          covered[kind] += actual >= b.low80() && actual <= b.high80() ? 1.0 / fresh : 0;
        }
      }
      if (normalized) {
        assertThat(covered[0]).isCloseTo(0.80, within(0.04));
        assertThat(covered[1]).isCloseTo(0.80, within(0.04));
      } else {
        assertThat(covered[0]).isGreaterThan(0.99);
        assertThat(covered[1]).isLessThan(0.75);
      }
    }
  }

  /**
   * Two categories whose dispersion does not tell them apart (the same at the origin) but whose
   * backtest errors differ tenfold at every origin, with six origins of a week each (42 residuals):
   * the factors are signal, not noise; divided by its factor, each one's residuals pool with the
   * other's, and scaled back each interval covers about its level. Pooled as they are, the steady
   * one's 80% interval covered every day and the erratic one's 63%.
   */
  @Test
  void eachSeriesHasTheWidthOfItsOwnErrors() {
    Random random = new Random(5);
    double[] spread = {0.02, 0.2};
    String[] keys = {"FOODS", "HOUSEHOLD"};
    double[] covered80 = new double[2];
    double[] covered95 = new double[2];
    int trials = 400;
    int fresh = 100;
    for (int t = 0; t < trials; t++) {
      List<Intervals.Residual> residuals = new ArrayList<>();
      for (int i = 0; i < 42; i++) {
        for (int k = 0; k < 2; k++) {
          double actual = 1000 * (1 + spread[k] * random.nextGaussian());
          residuals.add(
              new Intervals.Residual(
                  Series.Level.CATEGORY,
                  keys[k],
                  i / 7,
                  1 + i % 7,
                  false,
                  Intervals.residual(actual, 1000, 1000, 0.1)));
        }
      }
      Intervals intervals = Intervals.fit(residuals);
      for (int k = 0; k < 2; k++) {
        Intervals.Bounds b =
            intervals.around(Series.Level.CATEGORY, keys[k], 3, false, 1000, 1000, 0.1);
        for (int i = 0; i < fresh; i++) {
          double actual = 1000 * (1 + spread[k] * random.nextGaussian());
          covered80[k] += actual >= b.low80() && actual <= b.high80() ? 1.0 / trials / fresh : 0;
          covered95[k] += actual >= b.low95() && actual <= b.high95() ? 1.0 / trials / fresh : 0;
        }
      }
    }
    for (int k = 0; k < 2; k++) {
      assertThat(covered80[k]).isBetween(0.78, 0.84);
      assertThat(covered95[k]).isBetween(0.94, 0.98);
    }
  }

  /**
   * Two series whose errors differ from one origin to the next more than from each other: A errs by
   * 1.0 then 0.2, B by 0.1 then 0.5. In units of the level's mean error (0.45) their factors are
   * 1.33 and 0.67, 0.22 apart in variance, while each factor's own noise (the variance of its two
   * measures over 2) averages 0.49: the difference is chance, and both keep the level's quantiles.
   * So does a series seen at one origin only, however unlike its level.
   */
  @Test
  void factorsTheOriginsDisagreeOnAreNoise() {
    double[][] errors = {{1.0, 0.2}, {0.1, 0.5}};
    String[] keys = {"A", "B"};
    List<Intervals.Residual> residuals = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      for (int origin = 0; origin < 2; origin++) {
        for (int day = 0; day < 14; day++) {
          residuals.add(
              new Intervals.Residual(
                  Series.Level.CATEGORY,
                  keys[k],
                  origin,
                  1 + day % 7,
                  false,
                  (day % 2 == 0 ? 1 : -1) * errors[k][origin]));
        }
      }
    }
    assertKeepTheLevels(Intervals.fit(residuals), "A", "B");
    for (int day = 0; day < 14; day++) {
      residuals.add(
          new Intervals.Residual(
              Series.Level.CATEGORY, "C", 0, 1 + day % 7, false, day % 2 == 0 ? 5 : -5));
    }
    assertKeepTheLevels(Intervals.fit(residuals), "C");
  }

  private static void assertKeepTheLevels(Intervals intervals, String... keys) {
    Intervals.Bounds level = intervals.around(Series.Level.CATEGORY, "新", 1, false, 100, 100, 1);
    assertThat(level.known80()).isTrue();
    for (String key : keys) {
      assertThat(intervals.around(Series.Level.CATEGORY, key, 1, false, 100, 100, 1))
          .isEqualTo(level);
    }
  }

  /**
   * Intervals saved before residuals were divided by the series' dispersion hold quantiles of the
   * error over the forecast alone: a model saved then still forecasts its bands, whatever the
   * series' dispersion.
   */
  @Test
  void intervalsSavedBeforeTheDispersionKeepTheirMeaning() {
    double[][] buckets = new double[Intervals.FESTIVAL + 1][];
    Arrays.fill(buckets, new double[] {-0.5, -0.2, 0.2, 0.5});
    Intervals saved = new Intervals(Map.of(Intervals.Scope.of(Series.Level.TOTAL), buckets), false);
    assertThat(saved.around(Series.Level.TOTAL, TOTAL, 1, false, 100, 100, 0.3))
        .isEqualTo(new Intervals.Bounds(50, 80, 120, 150));
    Intervals now = new Intervals(Map.of(Intervals.Scope.of(Series.Level.TOTAL), buckets), true);
    assertThat(now.around(Series.Level.TOTAL, TOTAL, 1, false, 100, 100, 0.3).high95())
        .isCloseTo(115, within(1e-9));
  }
}
