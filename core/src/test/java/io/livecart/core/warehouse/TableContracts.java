package io.livecart.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.config.LiveCartConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The tables a job wrote against the columns {@code sql/tables.conf} declares for them ({@code
 * schema}, as dbt's model contracts): the same names, in the same order, with the same types. The
 * column reference (docs/tables.md) is generated from the declarations, so this is what keeps it
 * true. Called by the tests whose warehouses the jobs themselves wrote (not hand-made fixtures).
 */
public final class TableContracts {
  private TableContracts() {}

  /**
   * Asserts every documented table of {@code databases} (all of them when none is named) that
   * {@code config}'s warehouse holds; returns how many it checked.
   */
  public static int assertAsDeclared(
      SparkSession spark, LiveCartConfig config, String... databases) {
    List<String> wanted = databases.length == 0 ? TableDocs.DATABASES : List.of(databases);
    int checked = 0;
    for (Table table : TableDocs.tables()) {
      if (!wanted.contains(table.database()) || !table.exists(spark, config)) {
        continue;
      }
      StructType declared =
          TableDocs.schema(table)
              .orElseThrow(
                  () ->
                      new AssertionError(
                          table.qualified() + " declares no schema in sql/tables.conf"));
      StructType written = spark.read().format("delta").load(table.path(config)).schema();
      assertThat(fields(written))
          .as(
              "%s as written against tables.%s.%s.schema (then run bin/livecart docs)",
              table.qualified(), table.database(), table.name())
          .containsExactlyElementsOf(fields(declared));
      checked++;
    }
    return checked;
  }

  /** "name type" of each field, as {@code schema} declares it (nullability aside). */
  private static List<String> fields(StructType schema) {
    return new ArrayList<>(
        Arrays.stream(schema.fields())
            .map(field -> field.name() + " " + field.dataType().sql().toLowerCase(Locale.ROOT))
            .toList());
  }
}
