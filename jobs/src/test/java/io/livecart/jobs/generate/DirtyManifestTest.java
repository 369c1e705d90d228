package io.livecart.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.landing.DirtyKind;
import io.livecart.core.landing.Source;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finds every bad row in the generated files with detectors of its own, written from the product
 * contract's kinds and not from the generator's code, and checks they add up to the manifest, kind
 * by kind.
 */
class DirtyManifestTest {
  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theManifestCountsWhatIsReallyInTheFiles(boolean csvExports) {
    GeneratorTest.tiny(temp)
        .to(LocalDate.of(2025, 1, 21))
        .dirtyRate(0.05)
        .csvExports(csvExports)
        .build()
        .execute();
    Path landing = temp.resolve("landing");
    Set<String> knownSkus =
        Landing.rows(landing, Source.PRODUCTS).stream()
            .map(p -> p.get("sku_id"))
            .collect(Collectors.toSet());

    Map<String, Long> detected = new TreeMap<>();
    for (Source source : Source.values()) {
      detect(source, Landing.lines(landing, source), knownSkus)
          .forEach((kind, n) -> detected.put(source.folder() + "/" + kind.code(), n));
    }
    Map<String, Long> manifest = DirtyManifests.read(temp.resolve("truth"));

    assertThat(detected).isEqualTo(manifest);
    Set<String> kinds =
        manifest.keySet().stream()
            .map(k -> k.substring(k.indexOf('/') + 1))
            .collect(Collectors.toSet());
    Set<String> expected =
        java.util.Arrays.stream(DirtyKind.values())
            .map(DirtyKind::code)
            .collect(Collectors.toSet());
    assertThat(kinds).as("every kind is injected").isEqualTo(expected);
  }

  private static Map<DirtyKind, Long> detect(
      Source source, List<Landing.Line> lines, Set<String> knownSkus) {
    Map<DirtyKind, Long> found = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    Map<String, OffsetDateTime> latest = new HashMap<>();
    for (Landing.Line line : lines) {
      if (!seen.add(line.dt() + line.text())) {
        found.merge(DirtyKind.DUPLICATE, 1L, Long::sum);
        continue;
      }
      Map<String, String> row = line.parse();
      DirtyKind kind =
          row == null
              ? DirtyKind.MALFORMED_LINE
              : classify(source, line.dt(), row, knownSkus, latest);
      if (kind != null) {
        found.merge(kind, 1L, Long::sum);
      }
    }
    return found;
  }

  private static DirtyKind classify(
      Source source,
      String dt,
      Map<String, String> row,
      Set<String> knownSkus,
      Map<String, OffsetDateTime> latest) {
    if (!source.fields().containsAll(row.keySet())) {
      return DirtyKind.EXTRA_COLUMN;
    }
    String amountField =
        switch (source) {
          case ORDERS -> "pay_amount";
          case AD_SPEND -> "spend";
          case PRODUCTS -> "list_price";
          case INVENTORY -> "on_hand";
          default -> null;
        };
    if (amountField != null && Double.parseDouble(row.get(amountField)) < 0) {
      return DirtyKind.NEGATIVE_AMOUNT;
    }
    String timeField =
        switch (source) {
          case ORDERS, LIVE_SESSIONS -> "updated_at";
          case VIEWING -> "enter_at";
          case INTERACTIONS -> "event_at";
          case USERS -> "registered_at";
          default -> null;
        };
    OffsetDateTime time = null;
    if (timeField != null) {
      try {
        time = OffsetDateTime.parse(row.get(timeField) == null ? "" : row.get(timeField));
      } catch (DateTimeParseException e) {
        return DirtyKind.UNPARSEABLE_TIMESTAMP;
      }
      if (time.toLocalDate().isAfter(LocalDate.parse(dt).plusDays(2))) {
        return DirtyKind.FUTURE_TIMESTAMP;
      }
    }
    if (source == Source.ORDERS) {
      if (!knownSkus.contains(row.get("sku_id"))) {
        return DirtyKind.UNKNOWN_SKU;
      }
      if (Long.parseLong(row.get("quantity")) >= 1_000_000) {
        return DirtyKind.ABSURD_AMOUNT;
      }
      String key = row.get("order_id") + "#" + row.get("line_no");
      OffsetDateTime newest = latest.get(key);
      if (newest != null && time.isBefore(newest)) {
        return DirtyKind.LATE_UPDATE;
      }
      latest.put(key, time);
    }
    return null;
  }
}
