package io.livecart.jobs.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.LiveCartException;
import io.livecart.core.landing.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The converters of M5, the grocer and Taobao, on hand-written lines in each set's own shape. */
class ConvertersTest {
  private static final Configuration HADOOP = new Configuration();
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final String M5_HEADER =
      "\"item_id\",\"dept_id\",\"cat_id\",\"store_id\",\"state_id\",\"value\",\"date\","
          + "\"wm_yr_wk\",\"weekday\",\"wday\",\"month\",\"year\",\"event_name_1\","
          + "\"event_type_1\",\"event_name_2\",\"event_type_2\",\"snap\",\"sell_price\"\n";

  @TempDir Path dir;

  private String m5(String item, String store, int units, String day, int week, String price) {
    return String.format(
        "\"%s\",\"FOODS_1\",\"FOODS\",\"%s\",\"CA\",%d,%s,%d,\"Monday\",3,1,2016,\"\",\"\",\"\",\"\",0,%s%n",
        item, store, units, day, week, price);
  }

  private List<String> landed(Source source, String day, String set) throws IOException {
    String extension = source.csvAllowed() ? ".csv" : ".jsonl";
    return Files.readAllLines(
        dir.resolve("landing/" + source.folder() + "/dt=" + day + "/" + set + extension));
  }

  @Test
  void m5SalesAreOrdersOfTheStoreAndPriceChangesAreProductVersions() throws IOException {
    Path input = dir.resolve("tiny_m5.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(input))) {
      out.write(
          (M5_HEADER
                  + m5("FOODS_1_001", "CA_1", 0, "2016-01-01", 11549, "NA")
                  + m5("FOODS_1_001", "CA_1", 2, "2016-01-02", 11549, "3")
                  + m5("FOODS_1_001", "TX_1", 1, "2016-01-02", 11549, "2.5")
                  + m5("FOODS_1_001", "CA_1", 0, "2016-01-09", 11550, "3")
                  + m5("FOODS_1_001", "CA_1", 3, "2016-01-10", 11550, "3.25"))
              .getBytes(StandardCharsets.UTF_8));
    }

    Imported imported =
        PublicSet.M5.convert(input, dir.resolve("landing").toString(), HADOOP, ZONE, Window.ALL);

    assertThat(imported)
        .isEqualTo(
            new Imported(
                Map.of(Source.ORDERS, 3L, Source.PRODUCTS, 2L),
                LocalDate.of(2016, 1, 2),
                LocalDate.of(2016, 1, 10),
                3));
    assertThat(landed(Source.ORDERS, "2016-01-02", "m5"))
        .containsExactly(
            String.join(",", Source.ORDERS.fields()),
            "M5-CA_1-FOODS_1_001-2016-01-02,1,M5-CA_1,FOODS_1_001,2,3,0.00,6.00,0.00,completed,"
                + "2016-01-02T12:00:00+08:00,2016-01-02T12:00:00+08:00,2016-01-02T12:00:00+08:00,"
                + ",,,m5,CA",
            "M5-TX_1-FOODS_1_001-2016-01-02,1,M5-TX_1,FOODS_1_001,1,2.5,0.00,2.50,0.00,completed,"
                + "2016-01-02T12:00:00+08:00,2016-01-02T12:00:00+08:00,2016-01-02T12:00:00+08:00,"
                + ",,,m5,CA");
    // the week's highest price, at the first day the item was on sale in the week
    assertThat(landed(Source.PRODUCTS, "2016-01-02", "m5"))
        .last()
        .isEqualTo(
            "FOODS_1_001,FOODS_1_001,FOODS_1_001,FOODS,FOODS_1,,3,,,,,,2016-01-02T00:00:00+08:00");
    assertThat(landed(Source.PRODUCTS, "2016-01-09", "m5"))
        .last()
        .isEqualTo(
            "FOODS_1_001,FOODS_1_001,FOODS_1_001,FOODS,FOODS_1,,3.25,,,,,,2016-01-09T00:00:00+08:00");
  }

  @Test
  void anM5SaleWithoutAPriceAndAWindowWithoutDaysAreErrors() throws IOException {
    Path input = dir.resolve("m5.csv");
    Files.writeString(input, M5_HEADER + m5("FOODS_1_001", "CA_1", 4, "2016-01-01", 11549, "NA"));
    Path fine = dir.resolve("fine.csv");
    Files.writeString(fine, M5_HEADER + m5("FOODS_1_001", "CA_1", 4, "2016-01-01", 11549, "1"));

    assertThatThrownBy(() -> PublicSet.M5.convert(input, dir.toString(), HADOOP, ZONE, Window.ALL))
        .isInstanceOf(LiveCartException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("a sell_price on a day with units sold");
    assertThatThrownBy(
            () ->
                PublicSet.M5.convert(
                    fine, dir.toString(), HADOOP, ZONE, new Window(LocalDate.of(2017, 1, 1), null)))
        .isInstanceOf(LiveCartException.class)
        .hasMessageContaining("--from/--to");
  }

  @Test
  void groceryPurchasesAreOrdersWithoutAmounts() throws IOException {
    Path input = dir.resolve("groceryElog.csv");
    Files.writeString(input, "\"cust\",\"date\"\n\"1\",2006-01-01\n\"1\",2006-01-01\n");

    Imported imported =
        PublicSet.GROCERY.convert(
            input, dir.resolve("landing").toString(), HADOOP, ZONE, Window.ALL);

    assertThat(imported.rows()).containsExactly(Map.entry(Source.ORDERS, 2L));
    assertThat(landed(Source.ORDERS, "2006-01-01", "grocery"))
        .element(2)
        .isEqualTo(
            "GROCERY-2,1,G1,GROCERY-BASKET,1,0.00,0.00,0.00,0.00,completed,"
                + "2006-01-01T12:00:00+08:00,2006-01-01T12:00:00+08:00,2006-01-01T12:00:00+08:00,"
                + ",,,grocery,");
  }

  @Test
  void taobaoClicksAreInteractionsAndBuysAreOrdersOfTheBusinessDay() throws IOException {
    Path input = dir.resolve("UserBehavior.csv");
    // 15:59:59 and 16:00:00 UTC fall on two business days in Shanghai
    Files.writeString(input, "1,10,100,pv,1511711999\n1,10,100,buy,1511712000\n");

    Imported imported =
        PublicSet.TAOBAO.convert(
            input, dir.resolve("landing").toString(), HADOOP, ZONE, Window.ALL);

    assertThat(imported.rows())
        .isEqualTo(Map.of(Source.INTERACTIONS, 1L, Source.ORDERS, 1L, Source.PRODUCTS, 2L));
    assertThat(landed(Source.INTERACTIONS, "2017-11-26", "taobao"))
        .containsExactly(
            "{\"event_id\":\"TB-1\",\"live_session_id\":null,\"user_id\":\"1\","
                + "\"event_type\":\"product_click\",\"sku_id\":\"10\","
                + "\"event_at\":\"2017-11-26T23:59:59+08:00\",\"text\":null}");
    assertThat(landed(Source.ORDERS, "2017-11-27", "taobao").get(1))
        .startsWith("TB-2,1,1,10,1,0.00,0.00,0.00,0.00,paid,2017-11-27T00:00:00+08:00");
    assertThatThrownBy(
            () -> {
              Files.writeString(input, "1,10,100,like,1511711999\n");
              PublicSet.TAOBAO.convert(input, dir.toString(), HADOOP, ZONE, Window.ALL);
            })
        .isInstanceOf(LiveCartException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("pv|cart|fav|buy");
  }
}
