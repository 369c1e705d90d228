package io.livecart.jobs.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import io.livecart.jobs.nightly.Nightly;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public sets' committed slices (see {@code src/test/resources/public/README.md}) imported into
 * one landing zone (their days, ids and SKUs do not meet) and loaded by one backfill of their days:
 * every line converted lands in bronze or the quarantine, silver keeps them all, and gold's daily
 * sales per SKU equal sums this test computes from the slice by itself.
 */
class PublicSetsTest {
  private static final Configuration HADOOP = new Configuration();
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  @TempDir static Path root;

  private static final Map<PublicSet, Imported> IMPORTED = new EnumMap<>(PublicSet.class);

  private final SparkSession spark = TestSpark.session();

  /** Imports the three slices, then backfills their days; every step must succeed. */
  @BeforeAll
  static void load() {
    LiveCartConfig config = TestSpark.config(root);
    IMPORTED.put(
        PublicSet.M5,
        PublicSet.M5.convert(resource("m5_slice.csv"), config.landing(), HADOOP, ZONE, Window.ALL));
    IMPORTED.put(
        PublicSet.GROCERY,
        PublicSet.GROCERY.convert(
            resource("grocery_slice.csv"), config.landing(), HADOOP, ZONE, Window.ALL));
    IMPORTED.put(
        PublicSet.TAOBAO,
        PublicSet.TAOBAO.convert(
            resource("taobao_slice.csv"), config.landing(), HADOOP, ZONE, Window.ALL));
    List<LocalDate> days =
        IMPORTED.values().stream()
            .flatMap(i -> i.first().datesUntil(i.last().plusDays(1)))
            .sorted()
            .toList();
    Nightly.Result result =
        Nightly.of(TestSpark.session(), config, Nightly.BACKFILL, days, "import-slices", false)
            .execute();
    assertThat(result.steps())
        .extracting(s -> s.step().label() + " " + s.status())
        .containsExactly("ingest succeeded", "silver succeeded", "gold succeeded");
  }

  /** The landing zone holds the files an import wrote, and no hidden checksum file beside each. */
  @Test
  void anImportLeavesNoChecksumFiles() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(TestSpark.config(root).landing()))) {
      assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
          .isNotEmpty()
          .noneMatch(name -> name.endsWith(".crc"));
    }
  }

  @Test
  void m5SalesReconcileWithTheSlice() throws IOException {
    Imported imported = IMPORTED.get(PublicSet.M5);

    // item, store, value, date and sell_price are the 1st, 4th, 6th, 7th and 18th columns
    Map<String, String> expected = new TreeMap<>();
    Map<String, long[]> units = new TreeMap<>();
    Map<String, BigDecimal> gmv = new TreeMap<>();
    for (String[] f : lines("m5_slice.csv", 1)) {
      long value = Long.parseLong(f[5]);
      if (value > 0) {
        String key = f[6] + " " + f[0].replace("\"", "");
        units.computeIfAbsent(key, k -> new long[1])[0] += value;
        gmv.merge(key, new BigDecimal(f[17]).multiply(BigDecimal.valueOf(value)), BigDecimal::add);
      }
    }
    units.forEach(
        (key, u) -> expected.put(key, u[0] + " " + gmv.get(key).setScale(2).toPlainString()));
    long sold = lines("m5_slice.csv", 1).stream().filter(f -> Long.parseLong(f[5]) > 0).count();

    assertThat(imported.rows()).containsEntry(Source.ORDERS, sold);
    assertThat(imported.first()).isEqualTo(LocalDate.of(2016, 3, 28));
    assertThat(imported.last()).isEqualTo(LocalDate.of(2016, 4, 24));
    assertLandedWhole(imported);
    assertThat(dailySales(imported)).isEqualTo(expected);
  }

  @Test
  void groceryPurchasesAreOrdersOfTheirDay() throws IOException {
    Imported imported = IMPORTED.get(PublicSet.GROCERY);

    Map<String, String> expected = new TreeMap<>();
    Map<String, Long> perDay = new TreeMap<>();
    for (String[] f : lines("grocery_slice.csv", 1)) {
      perDay.merge(f[1], 1L, Long::sum);
    }
    perDay.forEach((day, n) -> expected.put(day + " GROCERY-BASKET", n + " 0.00"));

    assertThat(imported.rows()).containsExactly(Map.entry(Source.ORDERS, 672L));
    assertLandedWhole(imported);
    assertThat(dailySales(imported)).isEqualTo(expected);
    assertThat(
            spark
                .sql(
                    "SELECT count(DISTINCT user_id) FROM gold.fact_order_lines"
                        + " WHERE platform = 'grocery'")
                .first())
        .hasToString(
            "[" + lines("grocery_slice.csv", 1).stream().map(f -> f[0]).distinct().count() + "]");
  }

  @Test
  void taobaoBehaviourIsInteractionsAndOrdersOfItsBusinessDay() throws IOException {
    Imported imported = IMPORTED.get(PublicSet.TAOBAO);

    Map<String, Long> buys = new TreeMap<>();
    long clicks = 0;
    long interactions = 0;
    for (String[] f : lines("taobao_slice.csv", 0)) {
      LocalDate day = Instant.ofEpochSecond(Long.parseLong(f[4])).atZone(ZONE).toLocalDate();
      if (f[3].equals("buy")) {
        buys.merge(day + " " + f[1], 1L, Long::sum);
      } else {
        interactions++;
        clicks += f[3].equals("pv") ? 1 : 0;
      }
    }
    Map<String, String> expected = new TreeMap<>();
    buys.forEach((key, n) -> expected.put(key, n + " 0.00"));

    assertThat(imported.first()).isEqualTo(LocalDate.of(2017, 11, 26)).isEqualTo(imported.last());
    assertThat(imported.rows()).containsEntry(Source.INTERACTIONS, interactions);
    assertLandedWhole(imported);
    assertThat(dailySales(imported)).isEqualTo(expected);
    assertThat(
            spark
                .sql("SELECT count(*) FROM silver.interactions WHERE event_type = 'product_click'")
                .first()
                .getLong(0))
        .isEqualTo(clicks);
  }

  /**
   * Every converted row of the set's days is in bronze or the quarantine, none quarantined, and
   * silver holds every one.
   */
  private void assertLandedWhole(Imported imported) {
    String days =
        String.format("_dt BETWEEN DATE'%s' AND DATE'%s'", imported.first(), imported.last());
    imported
        .rows()
        .forEach(
            (source, rows) -> {
              String name = source.folder();
              long bronze = count("bronze." + name + " WHERE " + days);
              long quarantined =
                  count(
                      "ops.quarantine WHERE layer IN ('bronze', 'silver') AND source = '"
                          + name
                          + "' AND "
                          + days);
              assertThat(bronze + quarantined).as(name).isEqualTo(rows);
              assertThat(quarantined).as(name + " quarantined").isZero();
              // silver's products are versions (SCD2), dated by updated_at rather than landing day
              String silverDays =
                  source == Source.PRODUCTS ? days.replace("_dt", "to_date(updated_at)") : days;
              assertThat(count("silver." + name + " WHERE " + silverDays)).as(name).isEqualTo(rows);
            });
  }

  /** gold.product_daily of the set's days as "date sku" to "units gmv". */
  private Map<String, String> dailySales(Imported imported) {
    Map<String, String> sales = new TreeMap<>();
    spark
        .sql(
            String.format(
                "SELECT order_date, sku_id, units, gmv FROM gold.product_daily"
                    + " WHERE order_date BETWEEN DATE'%s' AND DATE'%s'",
                imported.first(), imported.last()))
        .collectAsList()
        .forEach(
            r ->
                sales.put(
                    r.getDate(0) + " " + r.getString(1),
                    r.getLong(2) + " " + r.getDecimal(3).toPlainString()));
    return sales;
  }

  private long count(String from) {
    return spark.sql("SELECT count(*) FROM " + from).first().getLong(0);
  }

  private static List<String[]> lines(String slice, int skip) throws IOException {
    return Files.readAllLines(resource(slice), StandardCharsets.UTF_8).stream()
        .skip(skip)
        .map(line -> line.split(","))
        .toList();
  }

  private static Path resource(String slice) {
    try {
      return Path.of(PublicSetsTest.class.getResource("/public/" + slice).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
