package io.livecart.core.warehouse;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.spark.Sessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysts' SQL endpoint: a Trino server over the warehouse, run as a child process.
 *
 * <p>Trino's Delta Lake connector reads each table through its transaction log, so every query sees
 * the table's newest commit (a night's publication included) without a restart. The connector names
 * tables through a metastore: a file metastore in this endpoint's own scratch folder, filled from
 * the warehouse's folders by {@link #sync()} (the same listing Spark's catalog registers). Every
 * user may read; only this process, under a user name drawn at random at each start, may register
 * tables, so no client can drop, write or alter a table through the endpoint.
 */
public final class TrinoEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrinoEndpoint.class);

  /** The catalog that holds the warehouse's databases as schemas. */
  public static final String CATALOG = "livecart";

  private static final Duration STARTUP = Duration.ofMinutes(3);

  private final LiveCartConfig config;
  private final Configuration hadoop;
  private final Process server;
  private final Path scratch;
  private final int port;
  private final String admin;

  /** Each registered table's location; the schemas and latest views created. */
  private final Map<Table, String> tables = new HashMap<>();

  private final TreeSet<String> schemas = new TreeSet<>();
  private final TreeSet<String> views = new TreeSet<>();
  private boolean closed;

  /** What one {@link #sync()} left served, and how many tables and views it changed. */
  public record Sync(int tables, int schemas, int views, int changed) {}

  private TrinoEndpoint(
      LiveCartConfig config, Process server, Path scratch, int port, String admin) {
    this.config = config;
    this.hadoop = Sessions.hadoopConfiguration(config);
    this.server = server;
    this.scratch = scratch;
    this.port = port;
    this.admin = admin;
  }

  /**
   * Starts a server on {@code port} with a heap of {@code heap} (a JVM size such as {@code 2G}) and
   * waits until it answers. No table is served until {@link #sync()}.
   */
  public static TrinoEndpoint start(
      TrinoInstall install, LiveCartConfig config, int port, String heap) {
    if (!config.warehouse().startsWith("/") && !config.warehouse().startsWith("file:")) {
      throw Errors.warehouseNotLocal(config.warehouse());
    }
    String admin = "livecart-" + UUID.randomUUID();
    TrinoEndpoint endpoint;
    try {
      Path scratch = Files.createTempDirectory("livecart-trino-");
      Path etc = configure(scratch, port, heap, admin);
      ProcessBuilder launcher =
          new ProcessBuilder(
                  install.home().resolve("bin/launcher").toString(),
                  "run",
                  "--etc-dir",
                  etc.toString(),
                  "--data-dir",
                  scratch.resolve("data").toString())
              .redirectErrorStream(true)
              .redirectOutput(scratch.resolve("server.log").toFile());
      launcher.environment().put("JAVA_HOME", install.javaHome().toString());
      endpoint = new TrinoEndpoint(config, launcher.start(), scratch, port, admin);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      endpoint.awaitStarted();
    } catch (RuntimeException e) {
      endpoint.close();
      throw e;
    }
    return endpoint;
  }

  /**
   * Writes the server's configuration: one node, on loopback discovery; one catalog, the Delta Lake
   * connector on the local file system with its metastore in {@code scratch}; read-only for every
   * user but {@code admin}.
   */
  private static Path configure(Path scratch, int port, String heap, String admin)
      throws IOException {
    Path etc = scratch.resolve("etc");
    Files.createDirectories(etc.resolve("catalog"));
    write(
        etc.resolve("node.properties"),
        "node.environment=livecart",
        "node.id=livecart",
        "node.data-dir=" + scratch.resolve("data"));
    write(
        etc.resolve("jvm.config"),
        "-Xmx" + heap,
        "-XX:+UseG1GC",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:ReservedCodeCacheSize=256M",
        "-Djdk.attach.allowAttachSelf=true",
        "-XX:+EnableDynamicAgentLoading",
        "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow",
        "-Dfile.encoding=UTF-8");
    write(
        etc.resolve("config.properties"),
        "coordinator=true",
        "node-scheduler.include-coordinator=true",
        "http-server.http.port=" + port,
        "discovery.uri=http://127.0.0.1:" + port);
    write(
        etc.resolve("access-control.properties"),
        "access-control.name=file",
        "security.config-file=" + etc.resolve("rules.json"));
    write(
        etc.resolve("rules.json"),
        "{\"catalogs\": [",
        "  {\"user\": \"" + admin + "\", \"catalog\": \".*\", \"allow\": \"all\"},",
        "  {\"catalog\": \".*\", \"allow\": \"read-only\"}",
        "], \"procedures\": [",
        "  {\"user\": \"" + admin + "\", \"catalog\": \"" + CATALOG + "\", \"schema\": \"system\",",
        "   \"procedure\": \"(register|unregister)_table\", \"privileges\": [\"EXECUTE\"]}",
        "]}");
    Path metastore = scratch.resolve("metastore");
    Files.createDirectories(metastore);
    write(
        etc.resolve("catalog/" + CATALOG + ".properties"),
        "connector.name=delta_lake",
        "hive.metastore=file",
        "hive.metastore.catalog.dir=local://" + metastore,
        "fs.native-local.enabled=true",
        "local.location=/",
        "delta.register-table-procedure.enabled=true");
    return etc;
  }

  private static void write(Path file, String... lines) throws IOException {
    Files.write(file, List.of(lines));
  }

  /** The JDBC address clients connect to. */
  public String jdbcUrl() {
    return "jdbc:trino://localhost:" + port + "/" + CATALOG;
  }

  /** The server's log file. */
  public Path log() {
    return scratch.resolve("server.log");
  }

  private void awaitStarted() {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!server.isAlive()) {
        throw Errors.endpointFailed("server stopped while starting", log(), tail());
      }
      try {
        HttpResponse<String> response = http.send(info, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"starting\":false")) {
          return;
        }
      } catch (IOException e) {
        LOG.debug("Trino not answering yet: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Errors.endpointFailed("start was interrupted", log(), tail());
      }
      sleep(Duration.ofMillis(500));
    }
    throw Errors.endpointFailed(
        "server did not answer within " + STARTUP.toMinutes() + " minutes", log(), tail());
  }

  /**
   * Serves what the warehouse holds now: registers the tables that appeared (or moved), forgets the
   * ones that are gone, and creates the latest views of the published outputs once a night is
   * published ({@link Publication}). A table that cannot be registered (a folder deleted while it
   * ran) is logged and tried again at the next sync.
   */
  public synchronized Sync sync() {
    SortedMap<Table, org.apache.hadoop.fs.Path> found = Catalog.tables(hadoop, config);
    int changed = 0;
    try (Connection connection = connect(admin);
        Statement statement = connection.createStatement()) {
      for (Map.Entry<Table, org.apache.hadoop.fs.Path> entry : found.entrySet()) {
        Table table = entry.getKey();
        String location = "local://" + entry.getValue().toUri().getPath();
        if (location.equals(tables.get(table))) {
          continue;
        }
        if (schemas.add(table.database())) {
          statement.execute("CREATE SCHEMA IF NOT EXISTS " + table.database());
        }
        if (tables.remove(table) != null) {
          unregister(statement, table);
        }
        if (run(statement, register(table, location))) {
          tables.put(table, location);
          changed++;
        }
      }
      for (Table gone : new ArrayList<>(tables.keySet())) {
        if (!found.containsKey(gone)) {
          unregister(statement, gone);
          tables.remove(gone);
          changed++;
        }
      }
      boolean published = tables.containsKey(Publication.PUBLISHED);
      for (Publication.Output output : Publication.OUTPUTS) {
        boolean wanted = published && tables.containsKey(output.table());
        if (wanted && !views.contains(output.latestView())) {
          if (run(statement, output.createLatestView())) {
            views.add(output.latestView());
            changed++;
          }
        } else if (!wanted && views.remove(output.latestView())) {
          statement.execute("DROP VIEW IF EXISTS " + output.latestView());
          changed++;
        }
      }
    } catch (SQLException e) {
      throw Errors.endpointFailed(
          "could not register the tables (" + e.getMessage() + ")", log(), tail());
    }
    return new Sync(tables.size(), schemas.size(), views.size(), changed);
  }

  private static String register(Table table, String location) {
    return String.format(
        "CALL system.register_table(schema_name => '%s', table_name => '%s',"
            + " table_location => '%s')",
        table.database(), table.name(), location.replace("'", "''"));
  }

  private static void unregister(Statement statement, Table table) throws SQLException {
    statement.execute(
        String.format(
            "CALL system.unregister_table(schema_name => '%s', table_name => '%s')",
            table.database(), table.name()));
  }

  /** Runs one registration; a failure is logged (and retried by the next sync), not thrown. */
  private static boolean run(Statement statement, String sql) {
    try {
      statement.execute(sql);
      return true;
    } catch (SQLException e) {
      LOG.warn("SQL endpoint: {} failed, tried again at the next refresh: {}", sql, e.getMessage());
      return false;
    }
  }

  /** A connection to the warehouse's catalog as {@code user}, as any JDBC client makes one. */
  public Connection connect(String user) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    return DriverManager.getConnection(
        "jdbc:trino://127.0.0.1:" + port + "/" + CATALOG, properties);
  }

  /**
   * Waits up to {@code timeout} for the server to stop by itself; true when it still runs (the
   * caller syncs and waits again).
   */
  public boolean runsAfter(Duration timeout) throws InterruptedException {
    return !server.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The last lines of the server's log, for an error message. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Stops the server and deletes its scratch folder (the metastore is rebuilt at each start),
   * unless the server had stopped by itself: then its log stays for the error message that names
   * it.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!server.isAlive()) {
      return;
    }
    server.destroy();
    try {
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(scratch)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      LOG.warn("Could not delete the SQL endpoint's scratch folder {}: {}", scratch, e.toString());
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
