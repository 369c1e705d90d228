package io.livecart.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta protocol every table of a warehouse must keep, so that the readers analysts use besides
 * Spark (delta-rs and Polars, DuckDB's delta extension, Trino) can open it: reader version 1, and
 * no table feature beyond the writer-only ones our tables need (CHECK constraints, NOT NULL).
 * Deletion vectors, column mapping, timestamp-without-zone or type widening switched on by accident
 * (a Delta default, a table property) would fail here, naming the table.
 */
public final class TableProtocols {
  /** Writer-only features: a reader of protocol 1 reads such a table. */
  public static final Set<String> ALLOWED_FEATURES =
      Set.of("appendOnly", "invariants", "checkConstraints");

  private TableProtocols() {}

  /** Asserts the protocol of every Delta table under {@code warehouse}; returns how many. */
  public static int assertOpenToCommonReaders(SparkSession spark, Path warehouse) {
    List<Path> tables;
    try (Stream<Path> logs = Files.find(warehouse, 3, (p, a) -> p.endsWith("_delta_log"))) {
      tables = logs.map(Path::getParent).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path table : tables) {
      String name = warehouse.relativize(table).toString();
      Row detail = spark.sql("DESCRIBE DETAIL delta.`" + table + "`").first();
      assertThat(detail.<Integer>getAs("minReaderVersion"))
          .as(name + " minReaderVersion")
          .isEqualTo(1);
      assertThat(detail.<String>getList(detail.fieldIndex("tableFeatures")))
          .as(name + " table features")
          .isSubsetOf(ALLOWED_FEATURES);
    }
    return tables.size();
  }
}
