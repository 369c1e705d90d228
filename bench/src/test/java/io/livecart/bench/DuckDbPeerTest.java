package io.livecart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.generate.Generator;
import io.livecart.jobs.generate.Scale;
import io.livecart.jobs.gold.Gold;
import io.livecart.jobs.ingest.Ingest;
import io.livecart.jobs.silver.Silver;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the peer's definitions in step with gold's: three generated tiny days with 3% bad rows
 * (orders and products as CSV), the first two loaded as a backfill and the third as a night, by the
 * Spark jobs and by the peer; every row of the four marts must agree, column by column (numbers to
 * 1e-9 relative).
 */
@Tag("slow") // the benchmark's own check: run before quoting a ratio to the peer (README,
// Benchmarks)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbPeerTest {
  private static final LocalDate FIRST = LocalDate.of(2025, 1, 1);
  private static final LocalDate NIGHT = LocalDate.of(2025, 1, 3);

  @TempDir static Path root;

  private final SparkSession spark = TestSpark.session();
  private LiveCartConfig config;
  private DuckDbPeer peer;

  @BeforeAll
  void bothEnginesLoadTheSameDays() {
    config = TestSpark.config(root);
    Generator.builder(config)
        .scale(Scale.TINY)
        .seed(5)
        .from(FIRST)
        .to(NIGHT)
        .dirtyRate(0.03)
        .csvExports(true)
        .build()
        .execute();
    SortedSet<LocalDate> history = new TreeSet<>(List.of(FIRST, NIGHT.minusDays(1)));
    Ingest.of(spark, config, history, "history").execute();
    Silver.of(spark, config, history, "history").execute();
    Gold.of(spark, config, history).execute();
    Ingest.of(spark, config, NIGHT, "night").execute();
    Silver.of(spark, config, NIGHT, "night").execute();
    Gold.of(spark, config, NIGHT).execute();
    peer = DuckDbPeer.open(root.resolve("peer.duckdb"), config);
    peer.process(history);
    peer.process(new TreeSet<>(List.of(NIGHT)));
  }

  @AfterAll
  void close() {
    peer.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"live_session_review", "session_funnel", "product_daily", "rfm"})
  void theMartsAgree(String mart) {
    String key =
        switch (mart) {
          case "product_daily" -> "order_date, sku_id";
          case "rfm" -> "user_id";
          default -> "live_session_id";
        };
    List<Map<String, Object>> duck = peer.rows(mart, key);
    String path = new Table(Table.GOLD, mart).path(config);
    List<Row> gold =
        spark
            .read()
            .format("delta")
            .load(path)
            .orderBy(Arrays.stream(key.split(", ")).map(functions::col).toArray(Column[]::new))
            .collectAsList();
    assertThat(duck).as(mart + " rows").hasSize(gold.size()).isNotEmpty();
    List<String> columns = new ArrayList<>(duck.get(0).keySet());
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < gold.size(); i++) {
      Row expected = gold.get(i);
      for (String column : columns) {
        Object ours = expected.getAs(column);
        Object theirs = duck.get(i).get(column);
        if (!same(ours, theirs, config.timeZone())) {
          differences.add(
              column + " of " + keyOf(expected, key) + ": gold " + ours + ", duckdb " + theirs);
        }
      }
    }
    assertThat(differences).as(mart).isEmpty();
  }

  private static String keyOf(Row row, String key) {
    return Arrays.stream(key.split(", "))
        .map(k -> String.valueOf(row.<Object>getAs(k)))
        .toList()
        .toString();
  }

  private static boolean same(Object ours, Object theirs, ZoneId zone) {
    if (ours == null || theirs == null) {
      return ours == null && theirs == null;
    }
    if (ours instanceof Number a && theirs instanceof Number b) {
      double x = new BigDecimal(a.toString()).doubleValue();
      double y = new BigDecimal(b.toString()).doubleValue();
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
    }
    if (ours instanceof java.sql.Date d) {
      return d.toLocalDate()
          .equals(theirs instanceof LocalDate l ? l : LocalDate.parse(theirs.toString()));
    }
    if (ours instanceof Timestamp t) {
      // Spark's timestamps are instants; the peer's are the business zone's wall-clock times.
      LocalDateTime local = t.toInstant().atZone(zone).toLocalDateTime();
      return local.equals(LocalDateTime.parse(theirs.toString().replace(' ', 'T')));
    }
    return ours.equals(theirs);
  }
}
