package io.livecart.jobs.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.LiveCartException;
import io.livecart.core.landing.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdnowTest {
  private static final Configuration HADOOP = new Configuration();
  @TempDir Path dir;

  @Test
  void eachPurchaseBecomesAPaidOrderOfItsDay() throws IOException {
    Path input = dir.resolve("CDNOW_master.txt");
    Files.writeString(
        input,
        "customer_id date number_of_cds dollar_value\r\n"
            + "00001 19970101 1 11.77\r\n"
            + "00002 19970112 2 29.33\r\n"
            + "00002 19970112 1 0.00\r\n"
            + "00003 19980630 3 40\r\n",
        StandardCharsets.US_ASCII);

    Imported imported =
        PublicSet.CDNOW.convert(
            input,
            dir.resolve("landing").toString(),
            HADOOP,
            ZoneId.of("Asia/Shanghai"),
            Window.ALL);

    assertThat(imported)
        .isEqualTo(
            new Imported(
                Map.of(Source.ORDERS, 4L), LocalDate.of(1997, 1, 1), LocalDate.of(1998, 6, 30), 3));
    List<String> day = Files.readAllLines(dir.resolve("landing/orders/dt=1997-01-12/cdnow.csv"));
    assertThat(day.get(0)).isEqualTo(String.join(",", Source.ORDERS.fields()));
    assertThat(day.subList(1, day.size()))
        .containsExactly(
            "CDNOW-3,1,C2,CDNOW-CD,2,14.67,0.00,29.33,0.00,completed,1997-01-12T12:00:00+08:00,"
                + "1997-01-12T12:00:00+08:00,1997-01-12T12:00:00+08:00,,,,cdnow,",
            "CDNOW-4,1,C2,CDNOW-CD,1,0.00,0.00,0.00,0.00,completed,1997-01-12T12:00:00+08:00,"
                + "1997-01-12T12:00:00+08:00,1997-01-12T12:00:00+08:00,,,,cdnow,");
  }

  @Test
  void aLineThatIsNotAPurchaseIsAnErrorNamingIt() throws IOException {
    Path input = dir.resolve("bad.txt");
    Files.writeString(input, "00001 19970101 1 11.77\n00002 1997-01-12 2\n");

    assertThatThrownBy(
            () ->
                PublicSet.CDNOW.convert(
                    input, dir.toString(), HADOOP, ZoneId.of("UTC"), Window.ALL))
        .isInstanceOf(LiveCartException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("00002 1997-01-12 2");
  }
}
