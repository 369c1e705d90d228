package io.livecart.jobs.silver;

import io.livecart.core.landing.Source;
import java.util.List;

/**
 * How one source becomes its silver table: the type of each field, the key, which version wins, the
 * event time that must not lie in the future, how the table is written, and the expectations beyond
 * those the types imply.
 *
 * @param versionColumn the column whose latest value wins when a key arrives again (null: the
 *     latest landing day wins)
 * @param eventTime the timestamp that dates a row; rows dated more than {@code
 *     livecart.silver.parameters.future_tolerance_days} after the file's day are quarantined as
 *     {@code future_timestamp}
 */
record SilverSpec(
    Source source,
    List<Field> fields,
    List<String> key,
    String versionColumn,
    String eventTime,
    Write write,
    List<Expectation> expectations) {

  enum Type {
    STRING("STRING"),
    INT("INT"),
    LONG("BIGINT"),
    MONEY("DECIMAL(18,2)"),
    TIMESTAMP("TIMESTAMP"),
    DATE("DATE");

    final String sql;

    Type(String sql) {
      this.sql = sql;
    }
  }

  /** How rows reach the silver table. */
  enum Write {
    /** MERGE on the key; a row replaces the stored one only if its version is newer. */
    MERGE_LATEST,
    /** Slowly changing dimension type 2: a change closes the current row and opens a new one. */
    SCD2,
    /** The day's rows replace the table's rows of that landing day (logs and snapshots). */
    REPLACE_DAY
  }

  /**
   * @param nonNegative money and counts that cannot be below zero ({@code negative_amount})
   * @param required a row without it (null, or only blanks) is quarantined as {@code
   *     missing_value}: gold cannot count a line without its quantity or date. The key, the version
   *     column and the event time are required whatever this says.
   */
  record Field(String name, Type type, boolean nonNegative, boolean required) {
    Field(String name, Type type, boolean nonNegative) {
      this(name, type, nonNegative, false);
    }

    static Field of(String name, Type type) {
      return new Field(name, type, type == Type.MONEY);
    }

    /** This field, required. */
    Field mandatory() {
      return new Field(name, type, nonNegative, true);
    }
  }

  /** The fields a row must carry: the key, the version column, the event time and the required. */
  List<String> requiredFields() {
    List<String> names = new java.util.ArrayList<>(key);
    for (Field field : fields) {
      boolean needed =
          field.required() || field.name().equals(versionColumn) || field.name().equals(eventTime);
      if (needed && !names.contains(field.name())) {
        names.add(field.name());
      }
    }
    return names;
  }

  enum Action {
    /** Keep the row, count it as flagged. */
    WARN,
    /** Send the row to quarantine with the reason. */
    DROP,
    /** Stop the run with exit code 3: the source is broken, not a row. */
    FAIL
  }

  /**
   * @param violation a SQL predicate, over typed columns and {@code _dt}, true for a bad row
   */
  record Expectation(String reason, String violation, Action action) {}
}
