package io.livecart.bench;

import io.livecart.core.Errors;
import io.livecart.core.calendar.BusinessCalendar;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.landing.Source;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.SqlTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark's peer: the warehouse part of a night done by DuckDB, in-process, from the same
 * landing files the Spark jobs read. It keeps its own database file (silver and the marts) and, for
 * some landing days, stages their lines, applies silver's rules ({@code sql/duckdb/silver.sql}) and
 * rebuilds the order-line fact and the four marts of docs/contract.md the benchmark compares
 * ({@code sql/duckdb/marts.sql}: live-session review, funnel, product ranking, RFM) for the days
 * those lines reach. Loading history and running a night are the same call, as backfill and nightly
 * are for the Spark jobs. The definitions follow {@code sql/gold/}; {@code DuckDbPeerTest} checks
 * the two engines give the same marts.
 *
 * <pre>
 *   bench/duckdb.sh --root DIR --db FILE --from DAY [--to DAY] [--set key=value ...]
 * </pre>
 */
public final class DuckDbPeer implements AutoCloseable {
  /** The sources the four marts read, in the order silver processes them. */
  static final List<Source> SOURCES =
      List.of(
          Source.PRODUCTS,
          Source.LIVE_SESSIONS,
          Source.ORDERS,
          Source.VIEWING,
          Source.INTERACTIONS,
          Source.AD_SPEND);

  private final Connection connection;
  private final LiveCartConfig config;

  private DuckDbPeer(Connection connection, LiveCartConfig config) {
    this.connection = connection;
    this.config = config;
  }

  /** The peer's database at {@code database} (created when missing). */
  public static DuckDbPeer open(Path database, LiveCartConfig config) {
    try {
      Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
      DuckDbPeer peer = new DuckDbPeer(connection, config);
      peer.script("schema", Map.of("time_zone", config.timeZone().getId()));
      return peer;
    } catch (SQLException e) {
      throw Errors.cannotWrite(database.toString(), e);
    }
  }

  /** How long one phase of a run took. */
  public record Phase(String name, double seconds) {}

  /**
   * @param days the landing days processed
   * @param buildDays the business days the marts were rebuilt for
   * @param lines the landing lines (CSV rows) read
   */
  public record Run(
      SortedSet<LocalDate> days, SortedSet<LocalDate> buildDays, long lines, List<Phase> phases) {
    public double seconds() {
      return phases.stream().mapToDouble(Phase::seconds).sum();
    }
  }

  /**
   * Stages the landing lines of {@code days}, merges them into silver and rebuilds the marts for
   * the days they reach, as of the last of {@code days}.
   */
  public Run process(SortedSet<LocalDate> days) {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("no day to process");
    }
    List<Phase> phases = new ArrayList<>();
    Map<String, String> values = new HashMap<>();
    values.put("days", SqlDates.list(days));
    long start = System.nanoTime();
    long lines = 0;
    for (Source source : SOURCES) {
      stage(source, days);
      lines += longValue("SELECT count(*) FROM lines_" + source.folder());
    }
    phases.add(new Phase("stage", (System.nanoTime() - start) / 1e9));
    phases.add(new Phase("silver", script("silver", values)));
    start = System.nanoTime();
    SortedSet<LocalDate> build = new TreeSet<>(days);
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(SqlTemplate.render("duckdb", "build_days", values))) {
      while (rows.next()) {
        build.add(rows.getObject(1, LocalDate.class));
      }
    } catch (SQLException e) {
      throw failed("build_days", e);
    }
    phases.add(new Phase("build_days", (System.nanoTime() - start) / 1e9));
    values.putAll(martValues(build, days.last()));
    phases.add(new Phase("gold", script("marts", values)));
    return new Run(days, build, lines, phases);
  }

  /** The rows of a mart, for the cross-check, ordered by its key. */
  List<Map<String, Object>> rows(String mart, String orderBy) {
    List<Map<String, Object>> result = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("FROM " + mart + " ORDER BY " + orderBy)) {
      ResultSetMetaData columns = rows.getMetaData();
      while (rows.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
          row.put(columns.getColumnName(i), rows.getObject(i));
        }
        result.add(row);
      }
    } catch (SQLException e) {
      throw failed(mart, e);
    }
    return result;
  }

  private Map<String, String> martValues(SortedSet<LocalDate> build, LocalDate night) {
    Map<String, Number> parameters = config.goldParameters();
    String weights = BusinessCalendar.isPromotion(night) ? "rfm_promo_weight_" : "rfm_weight_";
    return Map.of(
        "build_days", SqlDates.list(build),
        "scan_days", SqlDates.list(SqlDates.withNeighbours(build)),
        "as_of", SqlDates.literal(night),
        "rfm_window_days", parameters.get("rfm_window_days").toString(),
        "weight_r", parameters.get(weights + "r").toString(),
        "weight_f", parameters.get(weights + "f").toString(),
        "weight_m", parameters.get(weights + "m").toString());
  }

  /**
   * {@code lines_<source>}: the landing lines of the days, one VARCHAR column {@code raw_<field>}
   * per field, with lineage ({@code _source_file}, {@code _dt}, {@code _line_no}), the line itself
   * ({@code _raw}) and {@code _malformed}.
   */
  private void stage(Source source, SortedSet<LocalDate> days) {
    List<String> json = new ArrayList<>();
    List<String> csv = new ArrayList<>();
    Set<String> headers = new LinkedHashSet<>();
    for (LocalDate day : days) {
      Path folder = Path.of(config.landing(), source.folder(), "dt=" + day);
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : files.sorted().toList()) {
          String name = file.getFileName().toString();
          if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            json.add(file.toString());
          } else if (name.endsWith(".csv")) {
            csv.add(file.toString());
            headers.addAll(header(file));
          }
        }
      } catch (IOException e) {
        throw Errors.cannotRead(folder.toString(), e);
      }
    }
    String table = "lines_" + source.folder();
    List<String> parts = new ArrayList<>();
    String dt =
        "CAST(regexp_extract(_source_file, '/dt=(\\d{4}-\\d{2}-\\d{2})/', 1) AS DATE) AS _dt";
    if (!json.isEmpty()) {
      String fields =
          source.fields().stream()
              .map(f -> String.format("_json->>'$.%1$s' AS raw_%1$s", f))
              .collect(Collectors.joining(", "));
      parts.add(
          String.format(
              "SELECT _source_file, _dt, _line_no, _raw, _malformed, %s FROM ("
                  + " SELECT *, CASE WHEN NOT _malformed THEN _raw END AS _json FROM ("
                  + " SELECT *, NOT coalesce(json_valid(_raw) AND starts_with(ltrim(_raw), '{'), false)"
                  + " AS _malformed FROM ("
                  + " SELECT _source_file, %s, generate_subscripts(_lines, 1) AS _line_no,"
                  + " unnest(_lines) AS _raw FROM ("
                  + " SELECT filename AS _source_file,"
                  + " string_split(rtrim(content, chr(10)), chr(10)) AS _lines FROM read_text(%s)))))"
                  + " WHERE _raw <> ''",
              fields, dt, list(json)));
    }
    if (!csv.isEmpty()) {
      String fields =
          source.fields().stream()
              .map(
                  f -> (headers.contains(f) ? quoted(f) : "CAST(NULL AS VARCHAR)") + " AS raw_" + f)
              .collect(Collectors.joining(", "));
      String raw =
          headers.stream()
              .map(DuckDbPeer::quoted)
              .collect(Collectors.joining(", ", "concat_ws(',', ", ")"));
      parts.add(
          String.format(
              "SELECT _source_file, %s, CAST(NULL AS BIGINT) AS _line_no, %s AS _raw,"
                  + " false AS _malformed, %s FROM (SELECT *, filename AS _source_file FROM"
                  + " read_csv(%s, all_varchar = true, header = true, delim = ',', quote = '\"',"
                  + " escape = '\"', union_by_name = true, ignore_errors = true, filename = true))",
              dt, raw, fields, list(csv)));
    }
    if (parts.isEmpty()) {
      String columns =
          source.fields().stream()
              .map(f -> "raw_" + f + " VARCHAR")
              .collect(Collectors.joining(", "));
      execute(
          "CREATE OR REPLACE TEMP TABLE "
              + table
              + " (_source_file VARCHAR, _dt DATE, _line_no BIGINT, _raw VARCHAR,"
              + " _malformed BOOLEAN, "
              + columns
              + ")");
    } else {
      execute(
          "CREATE OR REPLACE TEMP TABLE "
              + table
              + " AS "
              + String.join(" UNION ALL BY NAME ", parts));
    }
  }

  /** Runs the statements of {@code sql/duckdb/<name>.sql}; returns the seconds they took. */
  private double script(String name, Map<String, String> values) {
    long start = System.nanoTime();
    // Comment lines go first: a semicolon ending one would otherwise split a statement.
    String sql =
        SqlTemplate.render("duckdb", name, values)
            .lines()
            .filter(line -> !line.strip().startsWith("--"))
            .collect(Collectors.joining("\n"));
    for (String statement : sql.split(";\\s*\n")) {
      if (!statement.isBlank()) {
        execute(statement);
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private void execute(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  private long longValue(String sql) {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  private static IllegalStateException failed(String what, SQLException e) {
    return new IllegalStateException(
        "DuckDB failed on " + what.lines().findFirst().orElse(what) + ": " + e.getMessage(), e);
  }

  private static List<String> header(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = Optional.ofNullable(in.readLine()).orElse("");
      return Stream.of(first.replace("\uFEFF", "").split(",", -1)).map(String::strip).toList();
    } catch (IOException e) {
      throw Errors.cannotRead(file.toString(), e);
    }
  }

  private static String list(List<String> files) {
    return files.stream()
        .map(f -> "'" + f.replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String quoted(String column) {
    return "\"" + column.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("closing DuckDB: " + e.getMessage(), e);
    }
  }

  /** {@code --root DIR --db FILE --from DAY [--to DAY] [--set key=value ...]}. */
  public static void main(String[] args) {
    Map<String, String> options = new HashMap<>();
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--root" -> overrides.add("paths.root=" + args[i + 1]);
        case "--set" -> overrides.add(args[i + 1]);
        case "--db", "--from", "--to" -> options.put(args[i], args[i + 1]);
        default ->
            throw Errors.badOption(args[i], args[i + 1], "--root, --db, --from, --to or --set");
      }
    }
    if (args.length % 2 != 0 || !options.containsKey("--db") || !options.containsKey("--from")) {
      System.err.println(
          "usage: DuckDbPeer --root DIR --db FILE --from DAY [--to DAY] [--set key=value ...]");
      System.exit(2);
    }
    LiveCartConfig config = ConfigLoader.load(Optional.empty(), System.getenv(), overrides);
    LocalDate from = LocalDate.parse(options.get("--from"));
    LocalDate to = LocalDate.parse(options.getOrDefault("--to", from.toString()));
    SortedSet<LocalDate> days = new TreeSet<>(from.datesUntil(to.plusDays(1)).toList());
    try (DuckDbPeer peer = open(Path.of(options.get("--db")), config)) {
      Run run = peer.process(days);
      System.out.printf(
          Locale.ROOT,
          "duckdb %s..%s: %,d landing lines, %d build days%n",
          from,
          to,
          run.lines(),
          run.buildDays().size());
      for (Phase phase : run.phases()) {
        System.out.printf(Locale.ROOT, "%-12s %8.2f s%n", phase.name(), phase.seconds());
      }
      System.out.printf(Locale.ROOT, "%-12s %8.2f s%n", "total", run.seconds());
    }
  }
}
