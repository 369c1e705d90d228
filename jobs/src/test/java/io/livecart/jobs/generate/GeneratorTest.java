package io.livecart.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.LiveCartException;
import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {
  private static final LocalDate JAN_1 = LocalDate.of(2025, 1, 1);

  @TempDir static Path temp;
  private static Path festival;

  static LiveCartConfig config(Path root) {
    return TestSpark.config(root);
  }

  static Generator.Builder tiny(Path root) {
    return Generator.builder(config(root)).scale(Scale.TINY).seed(7);
  }

  /** A tiny world around 618, reached by fast-forwarding from the world's start on 1 January. */
  @BeforeAll
  static void generateFestival() {
    festival = temp.resolve("festival");
    tiny(festival).from(LocalDate.of(2025, 6, 1)).to(LocalDate.of(2025, 6, 25)).build().execute();
  }

  @Test
  void sameOptionsGiveTheSameBytesWhateverTheThreadCount() throws IOException {
    Path one = temp.resolve("threads-1");
    Path two = temp.resolve("threads-2");
    tiny(one).to(JAN_1.plusDays(9)).threads(1).build().execute();
    tiny(two).to(JAN_1.plusDays(9)).threads(2).build().execute();

    assertThat(contents(two)).isEqualTo(contents(one)).isNotEmpty();
  }

  @Test
  void laterCallsContinueTheSameWorld() throws IOException {
    Path whole = temp.resolve("whole");
    Path nightly = temp.resolve("nightly");
    Path single = temp.resolve("single");
    tiny(whole).to(JAN_1.plusDays(9)).build().execute();
    tiny(nightly).to(JAN_1.plusDays(4)).build().execute();
    tiny(nightly).from(JAN_1.plusDays(5)).to(JAN_1.plusDays(9)).build().execute();
    tiny(single).from(JAN_1.plusDays(7)).to(JAN_1.plusDays(7)).build().execute();

    assertThat(contents(nightly.resolve("landing"))).isEqualTo(contents(whole.resolve("landing")));
    Map<String, String> day8 = filter(contents(whole.resolve("landing")), "dt=2025-01-08");
    assertThat(contents(single.resolve("landing"))).isEqualTo(day8).hasSize(Source.values().length);
  }

  @Test
  void aSecondWorldInTheSameFolderIsRefused() {
    Path root = temp.resolve("refuse");
    tiny(root).to(JAN_1).build().execute();

    assertThatThrownBy(() -> tiny(root).seed(8).to(JAN_1).build().execute())
        .isInstanceOf(LiveCartException.class)
        .hasMessageContaining(
            "already holds a generated world (seed=7 scale=tiny world_start=2025-01-01)")
        .hasMessageContaining("--root");
  }

  @Test
  void datesBeforeTheWorldStartAreRefused() {
    assertThatThrownBy(
            () -> tiny(temp.resolve("early")).from(LocalDate.of(2024, 12, 31)).build().execute())
        .isInstanceOf(LiveCartException.class)
        .hasMessage(
            "Cannot generate 2024-12-31: the generated world starts on 2025-01-01. Use a later --from,"
                + " or move the world's start with --world-start (which changes every generated day).");
  }

  @Test
  void theFunnelNarrowsFromClickToPayment() {
    Path landing = festival.resolve("landing");
    List<Map<String, String>> events = Landing.rows(landing, Source.INTERACTIONS);
    long clickers = distinctUserDays(events, "product_click");
    long carters = distinctUserDays(events, "add_to_cart");
    List<Map<String, String>> orders = Landing.rows(landing, Source.ORDERS);
    long creators =
        orders.stream()
            .filter(o -> o.get("status").equals("created") && o.get("live_session_id") != null)
            .map(o -> o.get("user_id") + o.get("created_at").substring(0, 10))
            .distinct()
            .count();
    long payers =
        orders.stream()
            .filter(o -> o.get("status").equals("paid") && o.get("live_session_id") != null)
            .map(o -> o.get("user_id") + o.get("created_at").substring(0, 10))
            .distinct()
            .count();

    assertThat(clickers).isGreaterThan(carters);
    assertThat(carters).isGreaterThan(creators);
    assertThat(creators).isGreaterThan(payers);
    assertThat((double) payers / creators).isBetween(0.85, 0.97);
  }

  @Test
  void viewersPeakInTheEvening() {
    Map<Integer, Long> byHour =
        Landing.rows(festival.resolve("landing"), Source.VIEWING).stream()
            .collect(
                Collectors.groupingBy(
                    v -> OffsetDateTime.parse(v.get("enter_at")).getHour(),
                    TreeMap::new,
                    Collectors.counting()));
    long total = byHour.values().stream().mapToLong(Long::longValue).sum();
    long evening =
        byHour.entrySet().stream()
            .filter(e -> e.getKey() >= 19)
            .mapToLong(Map.Entry::getValue)
            .sum();
    int peakHour =
        byHour.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();

    assertThat(peakHour).isBetween(19, 23);
    assertThat((double) evening / total).isGreaterThan(0.6);
  }

  @Test
  void theFestivalLiftsTrafficAndSales() {
    Path landing = festival.resolve("landing");
    Map<String, Double> gmvByDay = new TreeMap<>();
    for (Map<String, String> order : Landing.rows(landing, Source.ORDERS)) {
      if (order.get("status").equals("paid")) {
        gmvByDay.merge(
            order.get("created_at").substring(0, 10),
            Double.parseDouble(order.get("pay_amount")),
            Double::sum);
      }
    }
    Map<String, Long> viewersByDay =
        Landing.rows(landing, Source.VIEWING).stream()
            .collect(
                Collectors.groupingBy(
                    v -> v.get("enter_at").substring(0, 10),
                    Collectors.mapping(
                        v -> v.get("user_id"),
                        Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));

    double peakGmv = mean(gmvByDay, "2025-06-16", "2025-06-18");
    double afterGmv = mean(gmvByDay, "2025-06-20", "2025-06-25");
    double peakViewers = mean(viewersByDay, "2025-06-16", "2025-06-18");
    double afterViewers = mean(viewersByDay, "2025-06-20", "2025-06-25");

    assertThat(peakGmv / afterGmv).isGreaterThan(1.8);
    assertThat(peakViewers / afterViewers).isGreaterThan(1.4);
  }

  @Test
  void truthAgreesWithTheLandingData() {
    Path root = temp.resolve("truth");
    LocalDate asOf = LocalDate.of(2025, 1, 31);
    tiny(root).to(asOf.plusDays(30)).truthAsOf(List.of(asOf)).build().execute();
    Path landing = root.resolve("landing");
    Path truth = root.resolve("truth");
    List<Map<String, String>> orders = Landing.rows(landing, Source.ORDERS);

    // Units sold per day and SKU are the quantities of the paid order lines created that day.
    Map<String, Long> paidUnits = new HashMap<>();
    for (Map<String, String> o : orders) {
      if (o.get("status").equals("paid")) {
        paidUnits.merge(
            o.get("created_at").substring(0, 10) + o.get("sku_id"),
            Long.parseLong(o.get("quantity")),
            Long::sum);
      }
    }
    Map<String, Long> soldUnits = new HashMap<>();
    long lost = 0;
    for (Path file : Landing.files(truth.resolve("demand"))) {
      String day = file.getParent().getFileName().toString().substring(3);
      for (Map<String, String> cell : Landing.csv(file)) {
        long sold = Long.parseLong(cell.get("sold_units"));
        lost += Long.parseLong(cell.get("lost_units"));
        if (sold > 0) {
          soldUnits.merge(day + cell.get("sku_id"), sold, Long::sum);
        }
      }
    }
    assertThat(soldUnits).isEqualTo(paidUnits).isNotEmpty();

    // Stock moves only by sales and deliveries: snapshot = start of day - sold.
    Map<String, Long> snapshot = new HashMap<>();
    for (Map<String, String> s : Landing.rows(landing, Source.INVENTORY)) {
      snapshot.put(
          s.get("snapshot_date") + s.get("sku_id") + s.get("warehouse_id"),
          Long.parseLong(s.get("on_hand")));
    }
    for (Path file : Landing.files(truth.resolve("demand"))) {
      String day = file.getParent().getFileName().toString().substring(3);
      String previous = LocalDate.parse(day).minusDays(1).toString();
      for (Map<String, String> cell : Landing.csv(file)) {
        String key = cell.get("sku_id") + cell.get("warehouse_id");
        long start = Long.parseLong(cell.get("on_hand_start"));
        assertThat(snapshot.get(day + key))
            .isEqualTo(start - Long.parseLong(cell.get("sold_units")));
        if (snapshot.containsKey(previous + key)) {
          assertThat(start)
              .isEqualTo(snapshot.get(previous + key) + Long.parseLong(cell.get("received_units")));
        }
      }
    }

    // Nobody orders after the last day they were alive.
    Map<String, LocalDate> lastAlive =
        Landing.csv(truth.resolve("users/part-00000.csv")).stream()
            .collect(
                Collectors.toMap(
                    u -> u.get("user_id"), u -> LocalDate.parse(u.get("last_alive_date"))));
    assertThat(orders)
        .allSatisfy(
            o ->
                assertThat(LocalDate.parse(o.get("created_at").substring(0, 10)))
                    .isBeforeOrEqualTo(lastAlive.get(o.get("user_id"))));

    // The true probabilities predict who pays in the 30 days after the as-of date.
    Set<String> payers = new HashSet<>();
    for (Map<String, String> o : orders) {
      LocalDate created = LocalDate.parse(o.get("created_at").substring(0, 10));
      if (o.get("status").equals("paid") && created.isAfter(asOf)) {
        payers.add(o.get("user_id"));
      }
    }
    List<Map<String, String>> probabilities =
        Landing.csv(truth.resolve("repurchase/as_of=" + asOf + "/part-00000.csv"));
    double meanP =
        probabilities.stream()
            .mapToDouble(p -> Double.parseDouble(p.get("p_buy_30d")))
            .average()
            .orElseThrow();
    double observed =
        probabilities.stream().filter(p -> payers.contains(p.get("user_id"))).count()
            / (double) probabilities.size();
    double meanPayers =
        probabilities.stream()
            .filter(p -> payers.contains(p.get("user_id")))
            .mapToDouble(p -> Double.parseDouble(p.get("p_buy_30d")))
            .average()
            .orElseThrow();
    double meanOthers =
        probabilities.stream()
            .filter(p -> !payers.contains(p.get("user_id")))
            .mapToDouble(p -> Double.parseDouble(p.get("p_buy_30d")))
            .average()
            .orElseThrow();
    assertThat(observed).isCloseTo(meanP, org.assertj.core.data.Offset.offset(0.03));
    assertThat(meanPayers).isGreaterThan(2 * meanOthers);
    assertThat(lost).as("stock-outs happen, and censor sales").isPositive();
  }

  private static long distinctUserDays(List<Map<String, String>> events, String type) {
    return events.stream()
        .filter(e -> e.get("event_type").equals(type))
        .map(e -> e.get("user_id") + e.get("event_at").substring(0, 10))
        .distinct()
        .count();
  }

  private static double mean(Map<String, ? extends Number> byDay, String first, String last) {
    return byDay.entrySet().stream()
        .filter(e -> e.getKey().compareTo(first) >= 0 && e.getKey().compareTo(last) <= 0)
        .mapToDouble(e -> e.getValue().doubleValue())
        .average()
        .orElseThrow();
  }

  /** Every file under {@code root} by relative path, with its bytes as text. */
  static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    for (Path file : Landing.files(root)) {
      files.put(root.relativize(file).toString(), Files.readString(file));
    }
    return files;
  }

  private static Map<String, String> filter(Map<String, String> files, String fragment) {
    return files.entrySet().stream()
        .filter(e -> e.getKey().contains(fragment))
        .collect(
            Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }
}
