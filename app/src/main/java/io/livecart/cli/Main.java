package io.livecart.cli;

import io.livecart.core.ExitCode;
import io.livecart.core.LiveCartException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The entry point for spark-submit and bin/livecart: parses the command line and delegates to one
 * command. It never sets a Spark master: spark-submit or the launcher does.
 *
 * <p>Exit codes: 0 ok; 1 internal error; 2 bad arguments or configuration; 3 data-quality failure;
 * 4 another run holds the warehouse. An Error that reaches here (picocli hands on only Exceptions)
 * ends the process with 1 too, never with the JVM's or Spark's own codes.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code;
    try {
      code = run(args);
    } catch (Error e) {
      LoggerFactory.getLogger(Main.class).error("Internal error", e);
      System.err.println(
          "livecart: internal error: " + e + ". The stack trace is above; please report it.");
      code = ExitCode.INTERNAL_ERROR.code();
    }
    System.exit(code);
  }

  /** Runs one command line and returns its exit code (for tests: no System.exit). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** Runs one command line with its output and errors sent to the given writers. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = commandLine();
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new LiveCartCommand());
    commandLine.registerConverter(LocalDate.class, Main::date);
    commandLine.setExitCodeExceptionMapper(Main::exitCode);
    commandLine.setExecutionExceptionHandler(Main::handle);
    commandLine.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("livecart: " + e.getMessage());
          err.println(
              "Run '"
                  + e.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for usage.");
          return ExitCode.BAD_INPUT.code();
        });
    return commandLine;
  }

  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "'"
              + text
              + "' is not a date as YYYY-MM-DD ("
              + e.getMessage().replaceFirst("^Text '[^']*' could not be parsed: ", "")
              + ")");
    }
  }

  private static int exitCode(Throwable error) {
    return error instanceof LiveCartException e
        ? e.exitCode().code()
        : ExitCode.INTERNAL_ERROR.code();
  }

  private static int handle(
      Exception error, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (error instanceof LiveCartException e) {
      err.println("livecart: " + e.getMessage());
      if (e.getCause() != null) {
        LoggerFactory.getLogger(Main.class).debug("cause", e.getCause());
      }
      return e.exitCode().code();
    }
    LoggerFactory.getLogger(Main.class).error("Internal error", error);
    err.println(
        "livecart: internal error: "
            + error
            + ". The stack trace is above; please report it with the command line.");
    return ExitCode.INTERNAL_ERROR.code();
  }

  /** Our steps at INFO; Spark, Hadoop and Delta at WARN unless {@code verbose}. */
  static void configureLogging(boolean verbose) {
    Configurator.setLevel("io.livecart", Level.INFO);
    Level library = verbose ? Level.INFO : Level.WARN;
    for (String logger :
        new String[] {
          "org.apache.spark",
          "org.sparkproject",
          "org.apache.hadoop",
          "io.delta",
          "org.apache.parquet",
          "org.apache.spark.sql.delta"
        }) {
      Configurator.setLevel(logger, library);
    }
    // Warnings a user can do nothing about, each seen on every run: the machine's host name
    // (Utils), Hadoop without native libraries, long plans shortened in a message, MERGE's local
    // checkpoints of its source, tasks that carry driver-built rows, BLAS without a native library,
    // global rankings (RFM scores, the repurchase funnel) that are windows over one partition on
    // purpose, and early stopping on a validation set (gmv_validation_days, gbt_validation_tol),
    // which Spark 4.1 words as a model size over a threshold of 0 bytes. --verbose shows them.
    for (String logger :
        new String[] {
          "org.apache.spark.util.Utils",
          "org.apache.hadoop.util.NativeCodeLoader",
          "org.apache.spark.util.SparkStringUtils",
          "org.apache.spark.rdd.MapPartitionsRDD",
          "org.apache.spark.scheduler.TaskSetManager",
          "dev.ludovic.netlib",
          "org.apache.spark.sql.execution.window.WindowExec",
          "org.apache.spark.ml.tree.impl.GradientBoostedTrees"
        }) {
      Configurator.setLevel(logger, verbose ? Level.INFO : Level.ERROR);
    }
  }
}
