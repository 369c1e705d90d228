package io.livecart.jobs.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.config.ConfigLoader;
import io.livecart.core.landing.DirtyKind;
import io.livecart.core.landing.Source;
import io.livecart.jobs.ingest.Ingest;
import io.livecart.jobs.silver.SilverSpec.Expectation;
import io.livecart.jobs.silver.SilverSpec.Field;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The landing contract, {@code docs/landing.md}, says what the code does: each source's table of
 * fields is the one the declarations give (a failure prints the table to paste), and every reason a
 * line can be quarantined or flagged for is explained there.
 */
class LandingContractTest {
  private static final Path DOC = Path.of("..", "docs", "landing.md");

  private static final Map<Source, SilverSpec> SPECS =
      SilverSpecs.of(ConfigLoader.load(Optional.empty(), Map.of(), List.of()));

  /** The markdown table of a source's fields, as the document must hold it. */
  static String table(Source source) {
    SilverSpec spec = SPECS.get(source);
    List<String> required = spec.requiredFields();
    StringBuilder table = new StringBuilder("| field | type | required |\n|---|---|---|\n");
    for (String name : source.fields()) {
      Field field =
          spec.fields().stream()
              .filter(f -> f.name().equals(name) || f.name().equals(name + "_hash"))
              .findFirst()
              .orElseThrow();
      String type =
          switch (field.type()) {
            case STRING -> "text";
            case INT, LONG -> "whole number";
            case MONEY -> "money";
            case TIMESTAMP -> "timestamp";
            case DATE -> "date";
          };
      if (field.nonNegative()) {
        type += ", not negative";
      }
      String need = spec.key().contains(name) ? "key" : required.contains(name) ? "yes" : "";
      table.append(String.format("| `%s` | %s | %s |%n", name, type, need));
    }
    return table.toString();
  }

  @Test
  void eachSourcesTableIsTheDeclaredOne() throws IOException {
    String doc = Files.readString(DOC);
    for (Source source : Source.values()) {
      String section = "### `" + source.folder() + "`";
      assertThat(doc).contains(section);
      String after = doc.substring(doc.indexOf(section));
      assertThat(after)
          .as("%s in %s should hold this table:%n%s", section, DOC, table(source))
          .contains(table(source));
    }
  }

  @Test
  void everyReasonAndThresholdIsExplained() throws IOException {
    String doc = Files.readString(DOC);
    List<String> reasons =
        new ArrayList<>(
            List.of(
                DirtyKind.DUPLICATE.code(),
                DirtyKind.MALFORMED_LINE.code(),
                Ingest.REPEATED_HEADER,
                "missing_key",
                Silver.MISSING_VALUE,
                DirtyKind.UNPARSEABLE_TIMESTAMP.code(),
                "unparseable_value",
                DirtyKind.FUTURE_TIMESTAMP.code(),
                Silver.IMPLAUSIBLE_TIMESTAMP,
                Silver.SUB_CENT_AMOUNT,
                "min_year",
                DirtyKind.NEGATIVE_AMOUNT.code(),
                Silver.DUPLICATE_KEY,
                DirtyKind.LATE_UPDATE.code(),
                DirtyKind.UNKNOWN_SKU.code(),
                DirtyKind.EXTRA_COLUMN.code(),
                "max_quantity",
                "max_pay_amount",
                "future_tolerance_days"));
    for (SilverSpec spec : SPECS.values()) {
      for (Expectation expectation : spec.expectations()) {
        reasons.add(expectation.reason());
      }
    }
    for (String format : Silver.TIMESTAMP_FORMATS) {
      reasons.add(format);
    }
    assertThat(reasons).allSatisfy(reason -> assertThat(doc).contains("`" + reason + "`"));
  }
}
