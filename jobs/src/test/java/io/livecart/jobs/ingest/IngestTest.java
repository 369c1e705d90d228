package io.livecart.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecart.core.ExitCode;
import io.livecart.core.LiveCartException;
import io.livecart.core.TestSpark;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.generate.DirtyManifests;
import io.livecart.jobs.generate.Generator;
import io.livecart.jobs.generate.Scale;
import io.livecart.jobs.ledger.Ledger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {
  private static final LocalDate DAY = LocalDate.of(2025, 3, 8);
  private static final String ORDERS_HEADER =
      "order_id,line_no,user_id,sku_id,quantity,unit_price,discount_amount,pay_amount,refund_amount,status,created_at,paid_at,updated_at,live_session_id,traffic_source,coupon_id,platform,province";

  /** A viewing line of user U{n}. */
  private static final String VISIT =
      "{\"live_session_id\":\"LS1\",\"user_id\":\"U%d\",\"enter_at\":\"2025-03-08T20:00:00+08:00\","
          + "\"leave_at\":\"2025-03-08T20:09:00+08:00\",\"channel\":\"natural\"}";

  private static final String ORDER =
      "O1,1,U1,SKU000001,2,10.50,0.00,21.00,0.00,paid,2025-03-08T20:00:00+08:00,2025-03-08T20:01:00+08:00,2025-03-08T20:01:00+08:00,LS1,natural,,douyin,上海";

  @TempDir Path root;

  private final SparkSession spark = TestSpark.session();

  private LiveCartConfig config() {
    return TestSpark.config(root);
  }

  private void land(Source source, String file, String... lines) throws IOException {
    Path folder = root.resolve("landing/" + source.folder() + "/dt=" + DAY);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve(file), String.join("\n", lines) + "\n");
  }

  private Dataset<Row> table(Table table) {
    return spark.read().format("delta").load(table.path(config()));
  }

  @Test
  void everyLineLandsInBronzeOrQuarantineWithItsReason() throws IOException {
    land(
        Source.ORDERS,
        "part-00000.csv",
        ORDERS_HEADER,
        ORDER,
        ORDER,
        "O2,1,U2,\"SKU,000002\",1,5.00,0.00,5.00,0.00,created,2025-03-08T21:00:00+08:00,,2025-03-08T21:00:00+08:00,,search,,taobao,北京",
        "O3,1,U3,SKU000003");
    land(
        Source.VIEWING,
        "part-00000.jsonl",
        "{\"live_session_id\":\"LS1\",\"user_id\":\"U1\",\"enter_at\":\"2025-03-08T20:00:00+08:00\",\"leave_at\":\"2025-03-08T20:09:00+08:00\",\"channel\":\"natural\"}",
        "{\"live_session_id\":\"LS1\",\"user_id\":\"U2\",\"enter_at\":\"2025-03-08T20:0",
        "{\"live_session_id\":\"LS1\",\"user_id\":\"U3\",\"enter_at\":\"2025-03-08T20:05:00+08:00\",\"leave_at\":\"2025-03-08T20:06:00+08:00\",\"channel\":\"paid_ads\",\"client_version\":\"7.3.1\"}");
    land(
        Source.USERS,
        "part-00000.jsonl",
        "{\"user_id\":\"U1\",\"registered_at\":\"2024-01-01T10:00:00+08:00\",\"member_tier\":\"gold\",\"province\":\"上海\",\"phone\":\"13812345678\"}",
        "{\"user_id\":\"U2\",\"registered_at\":\"2024-01-01T10:00:00+08:00\",\"phone\":\"13912345678\"");

    Ingest.Result result = Ingest.of(spark, config(), DAY, "run-1").execute();

    assertThat(result.skipped()).containsKeys(Source.INTERACTIONS, Source.PRODUCTS);
    Map<Source, Ledger.Counts> bySource =
        result.sources().stream().collect(Collectors.toMap(Ledger.Counts::source, r -> r));
    assertThat(bySource.get(Source.ORDERS))
        .satisfies(
            r -> {
              assertThat(r.read()).isEqualTo(4);
              assertThat(r.accepted()).isEqualTo(2);
              assertThat(r.quarantined())
                  .containsExactlyInAnyOrderEntriesOf(
                      Map.of("duplicate", 1L, "malformed_line", 1L));
            });
    assertThat(bySource.get(Source.VIEWING).flagged())
        .containsExactlyEntriesOf(Map.of("extra_column", 1L));

    List<Row> orders =
        table(Table.bronze(Source.ORDERS))
            .orderBy("_line_no")
            .select("order_id", "sku_id", "_line_no", "paid_at", "_ingest_run_id")
            .collectAsList();
    assertThat(orders)
        .extracting(Row::toString)
        .containsExactly(
            "[O1,SKU000001,2,2025-03-08T20:01:00+08:00,run-1]", "[O2,SKU,000002,4,null,run-1]");

    List<String> quarantined =
        table(Table.QUARANTINE)
            .orderBy("source", "line_no")
            .select("source", "reason", "line_no", "raw_line")
            .collectAsList()
            .stream()
            .map(Row::toString)
            .toList();
    assertThat(quarantined)
        .containsExactly(
            "[orders,duplicate,3," + ORDER + "]",
            "[orders,malformed_line,5,O3,1,U3,SKU000003]",
            "[users,malformed_line,2,{\"user_id\":\"U2\",\"registered_at\":\"2024-01-01T10:00:00+08:00\",\"phone\":\"***********\"]",
            "[viewing,malformed_line,2,{\"live_session_id\":\"LS1\",\"user_id\":\"U2\",\"enter_at\":\"2025-03-08T20:0]");

    Row viewer =
        table(Table.bronze(Source.VIEWING)).filter("user_id = 'U3'").select("_extra").first();
    assertThat(viewer.getJavaMap(0)).containsExactlyEntriesOf(Map.of("client_version", "7.3.1"));
    assertThat(table(Table.SCHEMA_DRIFT).select("source", "column_name", "rows").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[viewing,client_version,1]");

    Row user = table(Table.bronze(Source.USERS)).first();
    assertThat(user.schema().fieldNames()).contains("phone_hash").doesNotContain("phone");
    assertThat(user.<String>getAs("phone_hash")).hasSize(64).doesNotContain("13812345678");

    Map<String, Long> reconciliation =
        table(Table.RECONCILIATION).filter("source = 'orders'").collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.getAs("outcome") + "/" + r.getAs("reason"), r -> r.<Long>getAs("rows")));
    assertThat(reconciliation)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "read/null",
                4L,
                "accepted/null",
                2L,
                "quarantined/duplicate",
                1L,
                "quarantined/malformed_line",
                1L));
  }

  @Test
  void ingestingADayTwiceLeavesTheSameTables() throws IOException {
    land(Source.ORDERS, "part-00000.csv", ORDERS_HEADER, ORDER, ORDER);

    Ingest.of(spark, config(), DAY, "run-1").execute();
    Ingest.of(spark, config(), DAY, "run-2").execute();

    assertThat(table(Table.bronze(Source.ORDERS)).count()).isEqualTo(1);
    assertThat(table(Table.QUARANTINE).select("run_id").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[run-2]");
    assertThat(
            table(Table.RECONCILIATION).filter("outcome = 'read'").select("rows").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[2]");
  }

  @Test
  void bronzeCountsMatchTheGeneratorsManifest() {
    LiveCartConfig config = config();
    Generator.builder(config)
        .scale(Scale.TINY)
        .seed(11)
        .to(LocalDate.of(2025, 1, 2))
        .dirtyRate(0.05)
        .build()
        .execute();
    Map<String, Long> counted = new HashMap<>();
    List<LocalDate> days = List.of(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 2));
    Ingest.Result result = Ingest.of(spark, config, days, "run").execute();
    for (Ledger.Counts r : result.sources()) {
      r.quarantined()
          .forEach((reason, n) -> counted.merge(r.source().folder() + "/" + reason, n, Long::sum));
      r.flagged()
          .forEach((reason, n) -> counted.merge(r.source().folder() + "/" + reason, n, Long::sum));
    }
    Map<String, Long> manifest = new HashMap<>(DirtyManifests.read(root.resolve("truth")));
    manifest
        .keySet()
        .removeIf(
            k ->
                !(k.endsWith("/duplicate")
                    || k.endsWith("/malformed_line")
                    || k.endsWith("/extra_column")));

    assertThat(counted).isEqualTo(manifest).isNotEmpty();

    // The same days in passes of a day each (a pass holds at least one day): the same rows land in
    // bronze, the quarantine and the reconciliation, and the same counts come back.
    LiveCartConfig inPasses =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of(
                "paths.root=" + root,
                "paths.warehouse=" + root.resolve("in-passes"),
                "ingest-pass-size=1"));
    Ingest.Result passes = Ingest.of(spark, inPasses, days, "run").execute();

    assertThat(passes.sources()).isEqualTo(result.sources());
    assertThat(passes.tables()).hasSize(2 * result.tables().size());
    for (Table table :
        List.of(Table.bronze(Source.ORDERS), Table.bronze(Source.USERS), Table.QUARANTINE)) {
      assertThat(rows(table, inPasses)).isEqualTo(rows(table, config)).isNotEmpty();
    }
    assertThat(rows(Table.RECONCILIATION, inPasses))
        .isEqualTo(rows(Table.RECONCILIATION, config))
        .isNotEmpty();

    // A run killed after its first pass, resumed: the day it landed is not read again, the other
    // is, and the counts come back whole.
    LiveCartConfig killed =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of(
                "paths.root=" + root,
                "paths.warehouse=" + root.resolve("resumed"),
                "ingest-pass-size=1"));
    Ingest.of(spark, killed, days.get(0), "killed").execute();
    Ingest.Result resumed =
        Ingest.of(spark, killed, days, "resuming").resuming(Set.of("killed")).execute();

    assertThat(resumed.sources()).isEqualTo(result.sources());
    assertThat(resumed.tables()).hasSize(result.tables().size());
    assertThat(
            spark
                .read()
                .format("delta")
                .load(Table.bronze(Source.ORDERS).path(killed))
                .selectExpr("concat(_dt, ' ', _ingest_run_id) AS landed")
                .distinct()
                .orderBy("landed")
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("2025-01-01 killed", "2025-01-02 resuming");
  }

  /** The table's rows without the times they were written, sorted, as text. */
  private List<String> rows(Table table, LiveCartConfig config) {
    Dataset<Row> rows = spark.read().format("delta").load(table.path(config));
    return rows
        .drop(
            Arrays.stream(rows.columns())
                .filter(column -> column.equals("_ingested_at") || column.equals("quarantined_at"))
                .toArray(String[]::new))
        .collectAsList()
        .stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }

  @Test
  void aRangeIsIngestedInPassesOfConsecutiveDaysUpToThePassSize() {
    LocalDate first = LocalDate.of(2025, 1, 1);
    Map<Source, LandingFiles.Listing> listings = new EnumMap<>(Source.class);
    listings.put(
        Source.ORDERS,
        listing(
            List.of(first, first.plusDays(1), first.plusDays(2), first.plusDays(4)),
            Map.of(first, 40L, first.plusDays(1), 30L, first.plusDays(2), 150L)));
    listings.put(
        Source.VIEWING,
        listing(List.of(first, first.plusDays(3)), Map.of(first, 20L, first.plusDays(3), 20L)));

    // Day 1 holds 60 bytes and day 2 30: one pass. Day 3's 150 are over the size: a pass of its
    // own. Day 4's 20 would take it further. Day 5 has a folder and no file: it still has a pass.
    assertThat(Ingest.passes(listings, 100))
        .containsExactly(
            new TreeSet<>(List.of(first, first.plusDays(1))),
            new TreeSet<>(List.of(first.plusDays(2))),
            new TreeSet<>(List.of(first.plusDays(3), first.plusDays(4))));
    assertThat(Ingest.passes(listings, 1L << 30)).hasSize(1);
  }

  private static LandingFiles.Listing listing(List<LocalDate> days, Map<LocalDate, Long> bytes) {
    return new LandingFiles.Listing(
        new TreeSet<>(days),
        bytes.entrySet().stream()
            .map(
                day ->
                    new LandingFiles.File(
                        "dt=" + day.getKey() + "/part.csv",
                        day.getKey(),
                        true,
                        List.of("a"),
                        day.getValue()))
            .toList(),
        List.of(),
        StandardCharsets.UTF_8);
  }

  private Path landed(Source source, String file) throws IOException {
    Path folder = root.resolve("landing/" + source.folder() + "/dt=" + DAY);
    Files.createDirectories(folder);
    return folder.resolve(file);
  }

  private static byte[] gzip(String text) throws IOException {
    return gzip(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  /**
   * A source declared GB18030, as Chinese merchant back-ends export: its files are decoded, plain
   * or gzipped, in bronze and in the quarantine's raw lines alike. A UTF-8 file of Chinese text is
   * valid GB18030 too (as mojibake), so a file of the source that also reads as UTF-8 is refused.
   */
  @Test
  void aSourceDeclaredGb18030IsDecodedAndAFileThatIsNotIsRefused() throws IOException {
    Charset gb18030 = Charset.forName("GB18030");
    String chinese = ORDER.replace("O1,", "O2,").replace(",上海", ",广东省深圳市");
    Files.write(
        landed(Source.ORDERS, "export.csv"),
        (ORDERS_HEADER + "\r\n" + ORDER + "\r\n" + "坏行,只有两列\r\n").getBytes(gb18030));
    Files.write(
        landed(Source.ORDERS, "export-2.csv.gz"),
        gzip((ORDERS_HEADER + "\n" + chinese + "\n").getBytes(gb18030)));
    LiveCartConfig declared =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            List.of("paths.root=" + root, "landing-encodings.orders=GB18030"));

    Ingest.Result result = Ingest.of(spark, declared, DAY, "run-1").execute();

    assertThat(result.sources())
        .filteredOn(c -> c.source() == Source.ORDERS)
        .extracting(c -> c.read() + " " + c.accepted() + " " + c.quarantined())
        .containsExactly("3 2 {malformed_line=1}");
    assertThat(
            table(Table.bronze(Source.ORDERS))
                .orderBy("order_id")
                .select("order_id", "province")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[O1,上海]", "[O2,广东省深圳市]");
    assertThat(table(Table.QUARANTINE).select("line_no", "raw_line").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[3,坏行,只有两列]");

    Files.write(
        landed(Source.ORDERS, "utf8.csv"),
        (ORDERS_HEADER + "\n" + chinese + "\n").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> Ingest.of(spark, declared, DAY, "run-2").execute())
        .isInstanceOf(LiveCartException.class)
        .hasMessageContaining(
            "utf8.csv: declared GB18030 (livecart.landing-encodings.orders) but it reads as"
                + " UTF-8, so it cannot be decoded without a guess");
  }

  /**
   * Files a real shop delivers: a UTF-8 byte-order mark and CRLF line ends (Excel's CSV), a gzipped
   * JSON Lines file, a JSON Lines file with a byte-order mark, a zero-byte file, a header-only file
   * and a marker file. Every line is read once, none is lost or mangled; a header repeated mid-file
   * is quarantined as such.
   */
  @Test
  void byteOrderMarksCrlfGzipAndEmptyFilesAreRead() throws IOException {
    Files.writeString(
        landed(Source.ORDERS, "excel.csv"),
        "\uFEFF" + ORDERS_HEADER + "\r\n" + ORDER + "\r\n" + ORDERS_HEADER + "\r\n");
    Files.write(landed(Source.ORDERS, "empty.csv"), new byte[0]);
    Files.writeString(landed(Source.ORDERS, "header-only.csv"), ORDERS_HEADER + "\n");
    Files.writeString(landed(Source.ORDERS, "_SUCCESS"), "");
    String zipped = String.format(VISIT, 1) + "\n" + String.format(VISIT, 2) + "\n";
    String withBom = "\uFEFF" + String.format(VISIT, 3);
    Files.write(landed(Source.VIEWING, "part-00000.jsonl.gz"), gzip(zipped));
    Files.writeString(landed(Source.VIEWING, "bom.jsonl"), withBom);

    assertThat(LandingFiles.list(spark, config(), Source.VIEWING, List.of(DAY)).bytes())
        .as("the files' size decoded, the gzipped one unzipped")
        .isEqualTo((zipped + withBom).getBytes(StandardCharsets.UTF_8).length);
    Ingest.Result result = Ingest.of(spark, config(), DAY, "run-1").execute();

    assertThat(result.sources())
        .filteredOn(c -> c.source() == Source.ORDERS || c.source() == Source.VIEWING)
        .extracting(c -> c.source().folder() + " " + c.read() + " " + c.accepted())
        .containsExactlyInAnyOrder("orders 2 1", "viewing 3 3");
    assertThat(table(Table.QUARANTINE).select("line_no", "reason").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[3,repeated_header]");
    assertThat(table(Table.bronze(Source.ORDERS)).select("order_id", "province").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[O1,上海]");
    assertThat(
            table(Table.bronze(Source.VIEWING))
                .orderBy("user_id")
                .select("user_id")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[U1]", "[U2]", "[U3]");
  }

  /**
   * A line's number counts every line break of its file, whichever it is ({@code \r\n}, {@code \r}
   * or {@code \n}), and every empty line; a final line break ends the last line. Read in pieces of
   * 100 bytes (as Spark splits a large file), the numbers run on from piece to piece.
   */
  @Test
  void everyLineKeepsItsNumberWhateverItsLineBreaks() throws IOException {
    Files.writeString(
        landed(Source.VIEWING, "breaks.jsonl"),
        String.format(VISIT, 1)
            + "\r\n"
            + String.format(VISIT, 2)
            + "\r"
            + String.format(VISIT, 3)
            + "\n\n"
            + String.format(VISIT, 4)
            + "\n\n");

    Ingest.Result result;
    spark.conf().set("spark.sql.files.maxPartitionBytes", "100");
    try {
      result = Ingest.of(spark, config(), DAY, "run-1").execute();
    } finally {
      spark.conf().unset("spark.sql.files.maxPartitionBytes");
    }

    assertThat(result.sources())
        .filteredOn(c -> c.source() == Source.VIEWING)
        .extracting(c -> c.read() + " " + new TreeMap<>(c.quarantined()))
        .containsExactly("6 {duplicate=1, malformed_line=1}");
    assertThat(
            table(Table.bronze(Source.VIEWING))
                .orderBy("_line_no")
                .select("_line_no", "user_id")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[1,U1]", "[2,U2]", "[3,U3]", "[5,U4]");
    assertThat(
            table(Table.QUARANTINE).orderBy("line_no").select("line_no", "reason").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[4,malformed_line]", "[6,duplicate]");
  }

  /** A JSON object that repeats a key gives the key's last value, as most JSON readers do. */
  @Test
  void aRepeatedJsonKeyGivesItsLastValue() throws IOException {
    land(
        Source.VIEWING,
        "part-00000.jsonl",
        "{\"live_session_id\":\"LS1\",\"user_id\":\"U1\",\"enter_at\":\"2025-03-08T20:00:00+08:00\","
            + "\"leave_at\":\"2025-03-08T20:09:00+08:00\",\"channel\":\"natural\",\"user_id\":\"U2\","
            + "\"coupon\":\"C1\",\"coupon\":\"C2\"}");

    Ingest.of(spark, config(), DAY, "run-1").execute();

    assertThat(
            table(Table.bronze(Source.VIEWING))
                .selectExpr("user_id", "channel", "CAST(_extra AS STRING)")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[U2,natural,{coupon -> C1, coupon -> C2}]");
  }

  /**
   * JSON lines of every shape: an object is a row (a nested object in a text field arrives as its
   * JSON text, a 5 MB comment whole); an array, a string, {@code null} or an empty line is no row
   * and is quarantined as malformed with its line.
   */
  @Test
  void jsonLinesThatAreNotObjectsAreQuarantinedAndLongOrNestedOnesRead() throws IOException {
    String event =
        "{\"event_id\":\"E%d\",\"live_session_id\":\"LS1\",\"user_id\":\"U1\","
            + "\"event_type\":\"comment\",\"sku_id\":null,"
            + "\"event_at\":\"2025-03-08T20:00:00+08:00\",\"text\":%s}";
    String longText = "好".repeat(5 * 1024 * 1024 / 3);
    land(
        Source.INTERACTIONS,
        "part-00000.jsonl",
        String.format(event, 1, "{\"emoji\":[1,2]}"),
        "[1,2,3]",
        "\"a string\"",
        "null",
        String.format(event, 2, "\"" + longText + "\""));

    Ingest.Result result = Ingest.of(spark, config(), DAY, "run-1").execute();

    assertThat(result.sources())
        .filteredOn(c -> c.source() == Source.INTERACTIONS)
        .extracting(c -> c.read() + " " + c.quarantined())
        .containsExactly("5 {malformed_line=3}");
    assertThat(
            table(Table.bronze(Source.INTERACTIONS))
                .orderBy("event_id")
                .selectExpr(
                    "event_id", "IF(length(text) > 100, CAST(length(text) AS STRING), text)")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[E1,{\"emoji\":[1,2]}]", "[E2," + longText.length() + "]");
    assertThat(
            table(Table.QUARANTINE)
                .orderBy("line_no")
                .select("line_no", "raw_line")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[2,[1,2,3]]", "[3,\"a string\"]", "[4,null]");
  }

  /**
   * Files that cannot be read line by line are refused whole, each named with its problem and the
   * fix, and nothing of the day is loaded (not even the sources whose files are fine).
   */
  @Test
  void aFileThatCannotBeReadIsRefusedWholeAndNothingIsLoaded() throws IOException {
    land(Source.PRODUCTS, "products.csv", "sku_id,updated_at", "SKU1,2025-03-08T06:00:00+08:00");
    Files.write(
        landed(Source.ORDERS, "gbk.csv"),
        (ORDERS_HEADER + "\n" + ORDER + "\n").getBytes(Charset.forName("GB18030")));
    Files.writeString(
        landed(Source.ORDERS, "chinese-header.csv"), "订单编号,商品编号,数量,实付金额\nO9,SKU1,1,10.00\n");
    Files.writeString(landed(Source.ORDERS, "orders.xlsx"), "PK");
    byte[] whole = gzip("{\"event_id\":\"E1\",\"live_session_id\":\"LS1\"}\n".repeat(200));
    Files.write(
        landed(Source.INTERACTIONS, "part-00000.jsonl.gz"), Arrays.copyOf(whole, whole.length / 2));
    Files.write(
        landed(Source.USERS, "part-00000.jsonl"),
        new byte[] {'{', '"', 'u', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});

    assertThatThrownBy(() -> Ingest.of(spark, config(), DAY, "run-1").execute())
        .isInstanceOf(LiveCartException.class)
        .satisfies(
            e -> assertThat(((LiveCartException) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("5 landing files refused, so nothing of these days was loaded")
        .hasMessageContaining("gbk.csv: not UTF-8 (byte ")
        .hasMessageContaining("it reads as GB18030/GBK")
        .hasMessageContaining("--set landing-encodings.orders=GB18030")
        .hasMessageContaining("iconv -f GB18030 -t UTF-8")
        .hasMessageContaining(
            "chinese-header.csv: its header lacks order_id, line_no, user_id, quantity,"
                + " pay_amount, status, created_at, updated_at (it has: 订单编号, 商品编号, 数量, 实付金额)")
        .hasMessageContaining("orders.xlsx: not a landing file")
        .hasMessageContaining("part-00000.jsonl.gz: a truncated or corrupt gzip file")
        .hasMessageContaining("part-00000.jsonl: not UTF-8 (invalid bytes at byte 6)");
    assertThat(root.resolve("warehouse/bronze/products")).doesNotExist();
  }

  /**
   * What check-landing reports is what silver does ({@link
   * io.livecart.jobs.silver.Silver#checkOnly}), so the hostile values are judged here: a time at
   * the epoch, money beyond the cent, and numbers that are no money ({@code 1e308}, {@code NaN},
   * {@code Infinity}, {@code 1,234.00}, {@code ¥99}).
   */
  @Test
  void checkLandingSaysWhatARunWouldDoAndWritesNothing() throws IOException {
    land(
        Source.ORDERS,
        "part-00000.csv",
        ORDERS_HEADER,
        ORDER,
        ORDER,
        ORDER.replace("O1,1,U1,SKU000001,2,", "O2,1,U1,SKU000001,,"),
        ORDER.replace("O1,", "O3,").replace("2025-03-08T20:00:00+08:00", "1970-01-01T00:00:15Z"),
        ORDER.replace("O1,", "O4,").replace(",21.00,", ",21.005,"),
        ORDER.replace("O1,", "O5,").replace(",21.00,", ",21.000,"),
        ORDER.replace("O1,", "O6,").replace(",21.00,", ",1e308,"),
        ORDER.replace("O1,", "O7,").replace(",21.00,", ",NaN,"),
        ORDER.replace("O1,", "O8,").replace(",21.00,", ",Infinity,"),
        ORDER.replace("O1,", "O9,").replace(",21.00,", ",\"1,234.00\","),
        ORDER.replace("O1,", "O10,").replace(",21.00,", ",¥99,"));
    land(
        Source.INVENTORY,
        "part-00000.jsonl",
        "{\"snapshot_date\":\"2025-03-07\",\"sku_id\":\"S1\",\"warehouse_id\":\"W1\",\"on_hand\":3}");
    Files.writeString(landed(Source.PRODUCTS, "products.xlsx"), "PK");

    LandingCheck.Report report = LandingCheck.run(spark, config(), List.of(DAY));

    assertThat(report.counts())
        .extracting(
            c ->
                c.source().folder()
                    + " "
                    + c.read()
                    + " "
                    + c.accepted()
                    + " "
                    + new TreeMap<>(c.quarantined()))
        .containsExactlyInAnyOrder(
            "orders 11 2 {duplicate=1, implausible_timestamp=1, missing_value=1,"
                + " sub_cent_amount=1, unparseable_value=5}",
            "inventory 1 1 {}");
    assertThat(report.refused())
        .singleElement()
        .asString()
        .contains("products.xlsx: not a landing file");
    assertThat(report.stops())
        .containsExactly(
            "inventory on 2025-03-08: 1 rows break snapshot_of_another_day, which stops the run"
                + " (exit code 3)");
    assertThat(root.resolve("warehouse")).doesNotExist();
  }
}
