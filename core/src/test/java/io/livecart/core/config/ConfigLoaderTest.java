package io.livecart.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.ExitCode;
import io.livecart.core.LiveCartException;
import io.livecart.core.landing.Source;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path temp;

  @Test
  void defaultsPutEverythingUnderOneLocalFolder() {
    LiveCartConfig config = ConfigLoader.load(Optional.empty(), Map.of(), List.of());

    assertThat(config.landing()).isEqualTo("livecart-data/landing");
    assertThat(config.warehouse()).isEqualTo("livecart-data/warehouse");
    assertThat(config.truth()).isEqualTo("livecart-data/truth");
    assertThat(config.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(config.sparkDefaults())
        .containsEntry("spark.sql.shuffle.partitions", "4")
        .containsEntry("spark.sql.session.timeZone", "Asia/Shanghai");
  }

  @Test
  void fileThenEnvironmentThenCommandLine() throws IOException {
    Path file = temp.resolve("site.conf");
    Files.writeString(file, "livecart.paths.root = \"/from/file\"\nlivecart.time-zone = \"UTC\"\n");

    LiveCartConfig fileOnly = ConfigLoader.load(Optional.of(file), Map.of(), List.of());
    LiveCartConfig environment =
        ConfigLoader.load(Optional.of(file), Map.of("LIVECART_PATHS_ROOT", "/from/env"), List.of());
    LiveCartConfig commandLine =
        ConfigLoader.load(
            Optional.of(file),
            Map.of("LIVECART_PATHS_ROOT", "/from/env"),
            List.of("paths.root=/from/cli"));

    assertThat(fileOnly.landing()).isEqualTo("/from/file/landing");
    assertThat(fileOnly.timeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(fileOnly.sparkDefaults()).containsEntry("spark.sql.session.timeZone", "UTC");
    assertThat(environment.landing()).isEqualTo("/from/env/landing");
    assertThat(environment.timeZone())
        .as("keys the environment does not set keep the file's value")
        .isEqualTo(ZoneId.of("UTC"));
    assertThat(commandLine.warehouse()).isEqualTo("/from/cli/warehouse");
  }

  @Test
  void theConfigFileCanComeFromTheEnvironment() throws IOException {
    Path file = temp.resolve("env.conf");
    Files.writeString(file, "livecart.paths.landing = \"/lake/raw\"\n");

    LiveCartConfig config =
        ConfigLoader.load(Optional.empty(), Map.of("LIVECART_CONFIG", file.toString()), List.of());

    assertThat(config.landing()).isEqualTo("/lake/raw");
    assertThat(config.warehouse()).isEqualTo("livecart-data/warehouse");
  }

  @Test
  void landingEncodingsNameASourceAndAnEncodingThatWritesAsciiAsAscii() {
    LiveCartConfig config =
        ConfigLoader.load(Optional.empty(), Map.of(), List.of("landing-encodings.orders=GBK"));

    assertThat(config.encoding(Source.ORDERS)).isEqualTo(Charset.forName("GBK"));
    assertThat(config.encoding(Source.PRODUCTS)).isEqualTo(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), List.of("landing-encodings.orders=UTF-16")))
        .hasMessageContaining("Invalid value 'UTF-16' for livecart.landing-encodings.orders")
        .hasMessageContaining("an encoding that writes ASCII as ASCII");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), List.of("landing-encodings.order=GB18030")))
        .hasMessageContaining("Invalid value 'order' for livecart.landing-encodings.order")
        .hasMessageContaining("a source: orders, viewing");
  }

  @Test
  void freshnessRulesAreBySourceAndACheckCanBeSwitchedOff() {
    LiveCartConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of(
                "freshness.sources.viewing.error-after-days=off",
                "freshness.sources.users.warn-after-days=7"));

    assertThat(config.freshness().rule(Source.ORDERS)).contains(new Freshness.Rule(1, 2, 0.5, 0.1));
    assertThat(config.freshness().rule(Source.VIEWING))
        .contains(new Freshness.Rule(2, null, null, null));
    assertThat(config.freshness().rule(Source.USERS))
        .contains(new Freshness.Rule(7, null, null, null));
    assertThat(config.freshness().rule(Source.PRODUCTS)).isEmpty();
    assertThat(config.freshness().windowDays()).isEqualTo(28);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), List.of("freshness.sources.orders.warn-below=50")))
        .hasMessageContaining("Invalid value '50' for livecart.freshness.sources.orders.warn-below")
        .hasMessageContaining("a share from 0 to 1, or off");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), List.of("freshness.sources.order.warn-below=0.5")))
        .hasMessageContaining("a source: orders, viewing");
  }

  @Test
  void sparkDefaultsCanBeOverriddenFromTheEnvironment() {
    LiveCartConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of("LIVECART_SPARK_SPARK_SQL_SHUFFLE_PARTITIONS", "16"),
            List.of());

    assertThat(config.sparkDefaults()).containsEntry("spark.sql.shuffle.partitions", "16");
  }

  @Test
  void environmentNamesFollowOneRule() {
    assertThat(ConfigLoader.environmentName("livecart.paths.root"))
        .isEqualTo("LIVECART_PATHS_ROOT");
    assertThat(ConfigLoader.environmentName("livecart.time-zone")).isEqualTo("LIVECART_TIME_ZONE");
    assertThat(ConfigLoader.environmentName("other.key")).isNull();
  }

  @Test
  void aMissingFileIsABadInput() {
    Path missing = temp.resolve("nope.conf");

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), Map.of(), List.of()))
        .isInstanceOf(LiveCartException.class)
        .hasMessage(
            "Config file "
                + missing
                + " does not exist. Check the path given with --config or LIVECART_CONFIG.")
        .satisfies(
            e -> assertThat(((LiveCartException) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT));
  }

  @Test
  void maintenanceKeepsAWindowOfAtLeastAWeekOnTheNightNamed() {
    LiveCartConfig defaults = ConfigLoader.load(Optional.empty(), Map.of(), List.of());
    assertThat(defaults.timeTravelDays()).isEqualTo(30);
    assertThat(defaults.maintenanceNight()).isEmpty();
    assertThat(defaults.compileFromLandingBytes()).isEqualTo(900L << 20);
    assertThat(defaults.ingestPassBytes()).isEqualTo(4L << 30);
    LiveCartConfig sundays =
        ConfigLoader.load(
            Optional.empty(),
            Map.of("LIVECART_MAINTENANCE_NIGHT", "Sunday"),
            List.of("maintenance.time-travel-days=90"));
    assertThat(sundays.timeTravelDays()).isEqualTo(90);
    assertThat(sundays.maintenanceNight()).contains(java.time.DayOfWeek.SUNDAY);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), List.of("maintenance.time-travel-days=3")))
        .hasMessageContaining("Invalid value '3' for livecart.maintenance.time-travel-days");
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("maintenance.night=周日")))
        .hasMessage(
            "Invalid value '周日' for livecart.maintenance.night: expected off, or a day of the"
                + " week such as sunday.");
  }

  @Test
  void badValuesSayWhatIsExpected() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("time-zone=Mars/Olympus")))
        .hasMessage(
            "Invalid value 'Mars/Olympus' for livecart.time-zone: expected a time-zone id such as Asia/Shanghai.");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), List.of("compile-from-landing-size=big")))
        .hasMessage(
            "Invalid value 'big' for livecart.compile-from-landing-size: expected a size such as 1G"
                + " or 500M (0: every run).");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("paths.root")))
        .hasMessage(
            "Invalid value 'paths.root' for --set: expected key=value, e.g. --set paths.root=/data/livecart.");
  }
}
