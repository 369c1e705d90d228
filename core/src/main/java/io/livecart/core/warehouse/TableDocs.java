package io.livecart.core.warehouse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The table and column comments of the warehouse, from {@code sql/tables.conf} (carried in the
 * jar): a column's definition is the table's own when it declares one, else the shared one of its
 * name. Comments travel with the data: column comments in the schema of the rows written, the table
 * comment set when a table is created, so any catalog that registers the Delta folder shows them.
 */
public final class TableDocs {
  private static final Config DOCS =
      ConfigFactory.parseResources(TableDocs.class, "/sql/tables.conf").resolve();

  /** The databases documented, in the order the column reference lists them. */
  public static final List<String> DATABASES =
      List.of(Table.SILVER, Table.GOLD, Table.ML, Table.OPS);

  private TableDocs() {}

  /**
   * The data tests declared beside the documentation ({@code tests} of {@code sql/tables.conf}):
   * the generic tests per gold table and the singular ones, as dbt's schema files hold them.
   */
  public static Config tests() {
    return DOCS.getConfig("tests");
  }

  /** What {@code table} holds, if documented. */
  public static Optional<String> comment(Table table) {
    return string(tablePath(table) + ".comment");
  }

  /** What {@code column} of {@code table} means, if documented. */
  public static Optional<String> column(Table table, String column) {
    Optional<String> own = string(tablePath(table) + ".columns." + ConfigUtil.quoteString(column));
    return own.isPresent() ? own : shared(column);
  }

  /** What {@code column} means wherever a table does not define it its own way, if documented. */
  public static Optional<String> shared(String column) {
    return string("columns." + ConfigUtil.quoteString(column));
  }

  /**
   * The tables documented, by database (in {@link #DATABASES} order) and name: every table the
   * warehouse's jobs write, but bronze, whose columns are the landing contract's.
   */
  public static List<Table> tables() {
    List<Table> tables = new ArrayList<>();
    for (String database : DATABASES) {
      DOCS.getConfig("tables." + database).root().keySet().stream()
          .sorted()
          .forEach(name -> tables.add(new Table(database, name)));
    }
    return tables;
  }

  /**
   * The columns {@code table} declares, in order, with their types ({@code schema} in {@code
   * sql/tables.conf}), as dbt's model contracts; the tests check every table the jobs write against
   * them ({@code TableContracts}).
   */
  public static Optional<StructType> schema(Table table) {
    String path = tablePath(table) + ".schema";
    return DOCS.hasPath(path)
        ? Optional.of(StructType.fromDDL(String.join(", ", DOCS.getStringList(path))))
        : Optional.empty();
  }

  /** The column names whose definitions are the product contract's metrics, in order. */
  public static List<String> metrics() {
    return DOCS.getStringList("metrics");
  }

  /** {@code rows} with each documented column's comment in its schema metadata. */
  public static Dataset<Row> annotate(Table table, Dataset<Row> rows) {
    Column[] columns =
        Arrays.stream(rows.schema().fields())
            .map(field -> annotated(table, rows, field))
            .toArray(Column[]::new);
    return rows.select(columns);
  }

  private static Column annotated(Table table, Dataset<Row> rows, StructField field) {
    Column column = rows.col("`" + field.name() + "`");
    return column(table, field.name())
        .map(
            text ->
                column.as(
                    field.name(),
                    new MetadataBuilder()
                        .withMetadata(field.metadata())
                        .putString("comment", text)
                        .build()))
        .orElse(column);
  }

  private static String tablePath(Table table) {
    return "tables." + table.database() + "." + ConfigUtil.quoteString(table.name());
  }

  private static Optional<String> string(String path) {
    return DOCS.hasPath(path) ? Optional.of(DOCS.getString(path)) : Optional.empty();
  }
}
