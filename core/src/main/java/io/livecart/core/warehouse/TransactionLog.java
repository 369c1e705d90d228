package io.livecart.core.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A Delta table's transaction log ({@code _delta_log}), read as the Delta protocol lays it out: one
 * {@code <version>.json} file per commit, its {@code commitInfo} action carrying the operation's
 * metrics. Reading the newest commit file is one listing and one small read; Delta's {@code
 * history()} runs a Spark job for the same answer, and a night asks it of every table it writes.
 */
final class TransactionLog {
  private static final Pattern COMMIT_FILE = Pattern.compile("\\d{20}\\.json");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path folder;

  private TransactionLog(FileSystem fs, Path folder) {
    this.fs = fs;
    this.folder = folder;
  }

  static TransactionLog of(SparkSession spark, Table table, LiveCartConfig config) {
    Path location = new Path(table.path(config));
    try {
      return at(location.getFileSystem(spark.sparkContext().hadoopConfiguration()), location);
    } catch (IOException e) {
      throw Errors.cannotRead(location.toString(), e);
    }
  }

  /** The log of the table at {@code location}. */
  static TransactionLog at(FileSystem fs, Path location) {
    return new TransactionLog(fs, new Path(location, "_delta_log"));
  }

  Path folder() {
    return folder;
  }

  /**
   * The version of the newest commit, or -1 when the table has none (no log, or a first write
   * killed before its commit). Delta never deletes the newest commit file, checkpoints or not.
   */
  long latestVersion() {
    try {
      long latest = -1;
      for (FileStatus entry : fs.listStatus(folder)) {
        String name = entry.getPath().getName();
        if (COMMIT_FILE.matcher(name).matches()) {
          latest = Math.max(latest, Long.parseLong(name.substring(0, 20)));
        }
      }
      return latest;
    } catch (FileNotFoundException e) {
      return -1;
    } catch (IOException e) {
      throw Errors.cannotRead(folder.toString(), e);
    }
  }

  /**
   * The rows commit {@code version} wrote: its {@code operationMetrics.numOutputRows}, 0 for an
   * operation that writes none (a comment, a constraint).
   */
  long outputRows(long version) {
    Path file = new Path(folder, String.format("%020d.json", version));
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode commitInfo = JSON.readTree(line).get("commitInfo");
        if (commitInfo != null) {
          return commitInfo.path("operationMetrics").path("numOutputRows").asLong(0);
        }
      }
      return 0;
    } catch (IOException e) {
      throw Errors.cannotRead(file.toString(), e);
    }
  }
}
