package io.livecart.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {
  @Test
  void festivalWindows() {
    assertThat(BusinessCalendar.festival(LocalDate.of(2025, 3, 8))).contains(Festival.WOMENS_DAY);
    assertThat(BusinessCalendar.festival(LocalDate.of(2025, 6, 1))).contains(Festival.MID_YEAR_618);
    assertThat(BusinessCalendar.festival(LocalDate.of(2025, 6, 19))).isEmpty();
    assertThat(BusinessCalendar.festival(LocalDate.of(2025, 10, 20))).contains(Festival.DOUBLE_11);
    assertThat(BusinessCalendar.festival(LocalDate.of(2025, 12, 12))).contains(Festival.DOUBLE_12);
    assertThat(BusinessCalendar.festival(LocalDate.of(2025, 5, 5))).isEqualTo(Optional.empty());
  }

  @Test
  void springFestivalFollowsTheLunarCalendar() {
    assertThat(BusinessCalendar.festival(LocalDate.of(2025, 1, 29)))
        .contains(Festival.SPRING_FESTIVAL);
    assertThat(BusinessCalendar.festival(LocalDate.of(2025, 2, 5)))
        .contains(Festival.SPRING_FESTIVAL);
    assertThat(BusinessCalendar.festival(LocalDate.of(2025, 2, 6))).isEmpty();
    assertThat(BusinessCalendar.festival(LocalDate.of(2026, 2, 17)))
        .contains(Festival.SPRING_FESTIVAL);
    assertThat(BusinessCalendar.festival(LocalDate.of(2026, 1, 29))).isEmpty();
  }

  @Test
  void peaksLiftAndTheSpringFestivalDips() {
    double ordinaryWednesday = BusinessCalendar.purchaseFactor(LocalDate.of(2025, 11, 19));
    assertThat(BusinessCalendar.isPeakDay(LocalDate.of(2025, 11, 11))).isTrue();
    assertThat(BusinessCalendar.purchaseFactor(LocalDate.of(2025, 11, 11)))
        .isGreaterThan(3 * ordinaryWednesday);
    assertThat(BusinessCalendar.trafficFactor(LocalDate.of(2025, 6, 18)))
        .isGreaterThan(2 * BusinessCalendar.trafficFactor(LocalDate.of(2025, 6, 25)));
    assertThat(BusinessCalendar.purchaseFactor(LocalDate.of(2025, 1, 29)))
        .isLessThan(0.7 * ordinaryWednesday);
    assertThat(BusinessCalendar.trafficFactor(LocalDate.of(2025, 11, 22)))
        .as("Saturday")
        .isGreaterThan(BusinessCalendar.trafficFactor(LocalDate.of(2025, 11, 19)));
  }
}
