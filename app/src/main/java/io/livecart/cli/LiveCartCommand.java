package io.livecart.cli;

import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.spark.Sessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top command. Its options are inherited by every subcommand, so they may stand before or after
 * the subcommand's name.
 */
@Command(
    name = "livecart",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Nightly Spark jobs and models for live-stream commerce (直播带货).",
    subcommands = {
      GenerateCommand.class,
      ImportCommand.class,
      CheckLandingCommand.class,
      IngestCommand.class,
      BuildCommand.class,
      NightlyCommand.class,
      BackfillCommand.class,
      TrainCommand.class,
      ScoreCommand.class,
      ReportCommand.class,
      StatusCommand.class,
      SqlCommand.class,
      ServeCommand.class,
      MaintainCommand.class,
      DocsCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  ok",
      "  1  internal error (a bug, or the disk or cluster failed): see the log; for nightly and"
          + " backfill, the steps that did not need the failed one ran (--resume runs the rest)",
      "  2  bad arguments, configuration or landing files (each refused file is named): nothing"
          + " was done",
      "  3  data-quality failure: the data broke a rule declared to stop the night",
      "  4  another run holds the warehouse: nothing was done",
      "",
      "Configuration precedence: conf/livecart.conf < --config FILE (or LIVECART_CONFIG)"
          + " < LIVECART_* environment variables < --root / --set on the command line."
    })
final class LiveCartCommand implements Runnable {
  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "A config file layered over the defaults (e.g. conf/cluster.example.conf).")
  Path configFile;

  @Option(
      names = "--root",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description = "Put the landing zone, warehouse and truth under DIR (sets paths.root).")
  String root;

  @Option(
      names = "--set",
      scope = ScopeType.INHERIT,
      paramLabel = "KEY=VALUE",
      description = "Override one config key, e.g. --set time-zone=Asia/Shanghai. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Show the INFO logging of Spark, Hadoop and Delta.")
  boolean verbose;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where commands print results (the terminal, or a test's writer). */
  java.io.PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Runs {@code work} with this process's SparkSession, and stops the session afterwards. */
  void withSpark(LiveCartConfig config, String appName, Consumer<SparkSession> work) {
    SparkSession spark = Sessions.getOrCreate(config, appName);
    // Under spark-submit without a log4j2 configuration, Spark loads its default profile (INFO
    // for everything) as its context starts, over the levels config() set: set them again.
    Main.configureLogging(verbose);
    try {
      work.accept(spark);
    } finally {
      spark.stop();
    }
  }

  /** The typed configuration of this invocation, with the command line's overrides on top. */
  LiveCartConfig config() {
    Main.configureLogging(verbose);
    List<String> all = new ArrayList<>();
    if (root != null) {
      all.add("paths.root=" + root);
    }
    all.addAll(overrides);
    return ConfigLoader.load(Optional.ofNullable(configFile), System.getenv(), all);
  }
}
