package io.livecart.cli;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.TrinoEndpoint;
import io.livecart.core.warehouse.TrinoInstall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start the analysts' SQL endpoint: a Trino server over the warehouse, for JDBC clients, BI"
          + " tools (DBeaver, Superset, Metabase, Tableau) and the trino CLI. Catalog livecart"
          + " holds the databases bronze, silver, gold, ops and ml as schemas, every table by"
          + " name and the *_latest views of the published outputs. Read-only for every client.",
      "Each query reads a table's newest commit, so tonight's run is seen as it lands; a table a"
          + " run creates is served within --refresh seconds. Ctrl-C stops the server.",
      "Trino runs on its own Java (24 or newer); bin/livecart installs the server on first use"
          + " (bin/trino-install)."
    })
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @ParentCommand LiveCartCommand parent;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "The HTTP port clients connect to. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--heap",
      defaultValue = "2G",
      description = "The server's Java heap. Default: ${DEFAULT-VALUE}.")
  String heap;

  @Option(
      names = "--refresh",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How often new and removed tables are looked for. Default: ${DEFAULT-VALUE}.")
  int refresh;

  @Option(
      names = "--trino-home",
      paramLabel = "DIR",
      description =
          "An unpacked trino-server (default: LIVECART_TRINO_HOME, else where bin/trino-install"
              + " puts it).")
  Path trinoHome;

  @Option(
      names = "--java-home",
      paramLabel = "DIR",
      description =
          "The Java (24 or newer) that runs Trino (default: LIVECART_TRINO_JAVA_HOME, else the"
              + " newest such JDK found).")
  Path javaHome;

  @Override
  public Integer call() throws InterruptedException {
    if (refresh < 1) {
      throw Errors.badOption("--refresh", String.valueOf(refresh), "a number of seconds >= 1");
    }
    LiveCartConfig config = parent.config();
    TrinoInstall install = TrinoInstall.locate(trinoHome, javaHome, System.getenv());
    parent
        .out()
        .printf(
            "Starting Trino %d (Java %d) over %s ...%n",
            TrinoInstall.version(),
            TrinoInstall.majorVersion(install.javaHome()),
            config.warehouse());
    parent.out().flush();
    try (TrinoEndpoint endpoint = TrinoEndpoint.start(install, config, port, heap)) {
      Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close));
      TrinoEndpoint.Sync served = endpoint.sync();
      parent.out().printf("SQL endpoint ready: %s%n", endpoint.jdbcUrl());
      parent
          .out()
          .printf(
              "  %d tables in %d schemas, %d latest views; any user name, no password;"
                  + " read-only.%n",
              served.tables(), served.schemas(), served.views());
      parent
          .out()
          .printf(
              "  trino CLI: java -jar trino-cli-%d-executable.jar --server localhost:%d"
                  + " --catalog %s --schema gold%n",
              TrinoInstall.version(), port, TrinoEndpoint.CATALOG);
      parent.out().println("  Ctrl-C stops it.");
      parent.out().flush();
      while (endpoint.runsAfter(Duration.ofSeconds(refresh))) {
        TrinoEndpoint.Sync now = endpoint.sync();
        if (now.changed() > 0) {
          LOG.info(
              "SQL endpoint: {} tables and views changed; serving {} tables, {} latest views",
              now.changed(),
              now.tables(),
              now.views());
        }
      }
      throw Errors.endpointFailed("server stopped by itself", endpoint.log(), endpoint.tail());
    }
  }
}
