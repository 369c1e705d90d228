package io.livecart.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The features of a forecast, computed by hand on a small series. */
class GmvFeaturesTest {
  /** Day 0 is Monday 2025-07-07; day 34 is Sunday 2025-08-10. No festival anywhere near. */
  private static final LocalDate FIRST = LocalDate.of(2025, 7, 7);

  /**
   * GMV 100 on weekdays and 200 at weekends, but 400 on the last day (34); 2 sessions a day, 4 on
   * day 36.
   */
  private static Series series() {
    double[] gmv = new double[35];
    for (int d = 0; d < gmv.length; d++) {
      gmv[d] = d % 7 >= 5 ? 200 : 100;
    }
    gmv[34] = 400;
    double[] sessions = new double[45];
    Arrays.fill(sessions, 2);
    sessions[36] = 4;
    return new Series(Series.Level.TOTAL, Series.TOTAL_KEY, FIRST, gmv, sessions);
  }

  private static double feature(double[] features, String name) {
    return features[GmvFeatures.COLUMNS.indexOf(name)];
  }

  @Test
  void scaleIsTheMeanOfTheLast28DaysAndNeedsAFullLookback() {
    Series s = series();
    assertThat(s.date(34)).isEqualTo(LocalDate.of(2025, 8, 10));
    // Days 7-34: four weeks of 5 x 100 + 2 x 200, the last Sunday 400 instead of 200.
    assertThat(GmvFeatures.scale(s, 34)).isCloseTo(3800 / 28.0, within(1e-9));
    assertThat(GmvFeatures.scale(s, 26)).isZero();
  }

  @Test
  void salesFeaturesReadTheHistoryUpToTheOriginOverTheScale() {
    Series s = series();
    double scale = 3800 / 28.0;
    // Origin Sunday day 34, horizon 2: Tuesday 2025-08-12, day 36.
    double[] f = GmvFeatures.of(s, 34, 2, 7);
    assertThat(feature(f, "horizon")).isEqualTo(2);
    assertThat(feature(f, "day_of_week")).isEqualTo(2);
    assertThat(feature(f, "promotion_window")).isZero();
    assertThat(feature(f, "peak_day")).isZero();
    assertThat(feature(f, "lag_1")).isCloseTo(400 / scale, within(1e-9));
    assertThat(feature(f, "mean_7")).isCloseTo(1100 / 7.0 / scale, within(1e-9));
    assertThat(feature(f, "mean_14")).isCloseTo(2000 / 14.0 / scale, within(1e-9));
    // Tuesdays: day 29 last week, and days 29, 22, 15, 8.
    assertThat(feature(f, "same_weekday_last")).isCloseTo(100 / scale, within(1e-9));
    assertThat(feature(f, "same_weekday_mean_4")).isCloseTo(100 / scale, within(1e-9));
    assertThat(feature(f, "ordinary_level")).isCloseTo(1.0, within(1e-9));
    // 4 sessions scheduled against 2 a day over the lookback; beyond 7 days the schedule is
    // unknown.
    assertThat(feature(f, "sessions_ratio")).isCloseTo(2.0, within(1e-9));
    assertThat(feature(GmvFeatures.of(s, 34, 8, 7), "sessions_ratio"))
        .isEqualTo(GmvFeatures.UNKNOWN);
  }

  @Test
  void nothingAfterTheOriginIsRead() {
    Series s = series();
    double[] before = GmvFeatures.of(s, 30, 3, 7);
    for (int d = 31; d < s.gmv().length; d++) {
      s.gmv()[d] *= 5;
    }
    assertThat(GmvFeatures.of(s, 30, 3, 7)).containsExactly(before);
  }

  @Test
  void baselinesRepeatTheLastWeekAndMaseScalesByItsInSampleError() {
    Series s = series();
    // Horizon 9 from day 34 is day 43, a Wednesday: seasonal naive reads Wednesday day 30.
    assertThat(GmvFeatures.seasonalNaive(s, 34, 9)).isEqualTo(100);
    // Lag-7 differences are 0 on every day but 34 (400 against 200), over days 7-34.
    assertThat(GmvFeatures.naiveError(s, 34)).isCloseTo(200 / 28.0, within(1e-9));
  }

  @Test
  void festivalsAreDescribedByWhatTheyShare() {
    double[] gmv = new double[320];
    Arrays.fill(gmv, 100);
    Series s =
        new Series(Series.Level.CATEGORY, "美妆护肤", LocalDate.of(2025, 1, 1), gmv, new double[320]);
    int origin = (int) (LocalDate.of(2025, 11, 5).toEpochDay() - s.first().toEpochDay());
    double[] f = GmvFeatures.of(s, origin, 6, 7); // 2025-11-11
    assertThat(feature(f, "promotion_window")).isEqualTo(1);
    assertThat(feature(f, "peak_day")).isEqualTo(1);
    assertThat(feature(f, "days_to_peak")).isZero();
    assertThat(feature(GmvFeatures.of(s, origin, 3, 7), "days_to_peak")).isEqualTo(3);
    // No session in the lookback: the ratio is unknown rather than infinite.
    assertThat(feature(f, "sessions_ratio")).isEqualTo(GmvFeatures.UNKNOWN);
  }
}
