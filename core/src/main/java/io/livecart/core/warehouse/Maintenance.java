package io.livecart.core.warehouse;

import static org.apache.spark.sql.functions.max;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the lake healthy, with Delta's own tools, table by table: compacts the small files a year
 * of nightly slices leaves ({@code OPTIMIZE}), sets the table's time-travel window ({@code
 * delta.logRetentionDuration} and {@code delta.deletedFileRetentionDuration} to {@code
 * livecart.maintenance.time-travel-days}) and the properties new tables are created with ({@link
 * Table#properties}) on a table created before them, then deletes the data files no version inside
 * the window needs ({@code VACUUM ... RETAIN}). Delta drops log entries older than the window at
 * its next checkpoint. Each step leaves the table's rows as they were.
 *
 * <p>Each step runs only when it has work: {@code OPTIMIZE} when a partition holds two files or
 * more below Delta's compaction size, {@code VACUUM} when a data file on disk that the current
 * version does not read is older than the window (only those can go). A table with nothing to do
 * costs a listing of its folder and two small Spark jobs, and once its window is set no commit.
 */
public final class Maintenance {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  /** Delta's default {@code spark.databricks.delta.optimize.minFileSize}: 1 GiB. */
  private static final long COMPACTION_SIZE = 1L << 30;

  private Maintenance() {}

  /**
   * What maintenance did to one table: its data files in the current version (what a query reads)
   * and on disk (what the folder holds, older versions' files included), before and after, and
   * which of Delta's commands it ran.
   */
  public record Done(
      Table table,
      long currentFilesBefore,
      long currentFilesAfter,
      long diskFilesBefore,
      long diskFilesAfter,
      long diskBytesBefore,
      long diskBytesAfter,
      boolean optimized,
      boolean vacuumed,
      double seconds) {
    /** Delta's commands it ran: "OPTIMIZE, VACUUM", one of them, or "-". */
    public String ran() {
      return optimized && vacuumed
          ? "OPTIMIZE, VACUUM"
          : optimized ? "OPTIMIZE" : vacuumed ? "VACUUM" : "-";
    }
  }

  /** Maintains every Delta table of the warehouse, in name order. */
  public static List<Done> run(SparkSession spark, LiveCartConfig config) {
    SortedMap<Table, Path> tables =
        Catalog.tables(spark.sparkContext().hadoopConfiguration(), config);
    FileSystem fs;
    try {
      fs = new Path(config.warehouse()).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw Errors.cannotRead(config.warehouse(), e);
    }
    Instant now = Instant.now();
    Optional<Instant> published =
        tables.containsKey(Publication.PUBLISHED)
            ? Optional.ofNullable(
                    spark
                        .read()
                        .format("delta")
                        .load(tables.get(Publication.PUBLISHED).toString())
                        .agg(max("published_at"))
                        .first()
                        .getTimestamp(0))
                .map(Timestamp::toInstant)
            : Optional.empty();
    Duration retain = retention(config.timeTravelDays(), published, now);
    if (retain.compareTo(Duration.ofDays(config.timeTravelDays())) > 0) {
      LOG.warn(
          "maintain: the latest published night was published {} hours ago, longer than the"
              + " {}-day window: the tables keep {} hours of versions, so the latest views keep"
              + " their log and files",
          Duration.between(published.orElseThrow(), now).toHours(),
          config.timeTravelDays(),
          retain.toHours());
    }
    List<Done> done = new ArrayList<>();
    for (Map.Entry<Table, Path> table : tables.entrySet()) {
      done.add(maintain(spark, fs, table.getKey(), table.getValue(), retain));
    }
    return done;
  }

  /**
   * How far back the tables keep their log and the files replaced: the time-travel window, or, when
   * the latest night was published longer ago (nights failing for weeks), back to that publication
   * and a day more: the latest views read the versions it recorded.
   */
  static Duration retention(int days, Optional<Instant> latestPublished, Instant now) {
    Duration window = Duration.ofDays(days);
    return latestPublished
        .map(at -> Duration.ofHours(Duration.between(at, now).toHours() + 24))
        .filter(sincePublished -> sincePublished.compareTo(window) > 0)
        .orElse(window);
  }

  /**
   * Delta's VACUUM of the table {@code name} ({@code delta.`path`}), keeping what versions within
   * {@code retain} need. Delta prints its count of deleted files to Scala's Console.out, the
   * command's standard output, where maintenance's table of files on disk already says it.
   */
  public static void vacuum(SparkSession spark, String name, Duration retain) {
    scala.Console.withOut(
        OutputStream.nullOutputStream(),
        () -> spark.sql(String.format("VACUUM %s RETAIN %d HOURS", name, retain.toHours())));
  }

  private static Done maintain(
      SparkSession spark, FileSystem fs, Table table, Path location, Duration retain) {
    long start = System.nanoTime();
    String name = "delta.`" + location + "`";
    long windowStart = System.currentTimeMillis() - retain.toMillis();
    Map<String, LocatedFileStatus> disk = dataFiles(fs, location);
    Set<String> current = new HashSet<>();
    Map<String, Integer> smallPerPartition = new HashMap<>();
    Dataset<Row> rows = spark.read().format("delta").load(location.toString());
    for (String file : rows.inputFiles()) {
      String path = new Path(file).toUri().getPath();
      current.add(path);
      LocatedFileStatus status = disk.get(path);
      if (status == null || status.getLen() < COMPACTION_SIZE) {
        smallPerPartition.merge(path.substring(0, path.lastIndexOf('/')), 1, Integer::sum);
      }
    }
    long currentAfter = current.size();
    boolean optimize = smallPerPartition.values().stream().anyMatch(n -> n > 1);
    if (optimize) {
      Row metrics = spark.sql("OPTIMIZE " + name).first().getStruct(1);
      currentAfter += metrics.<Long>getAs("numFilesAdded") - metrics.<Long>getAs("numFilesRemoved");
    }
    Row detail = spark.sql("DESCRIBE DETAIL " + name).first();
    Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
    String window = "interval " + (retain.toHours() + 23) / 24 + " days";
    Map<String, String> wanted =
        new TreeMap<>(
            table.properties(rows.schema(), detail.getList(detail.fieldIndex("partitionColumns"))));
    wanted.put("delta.logRetentionDuration", window);
    wanted.put("delta.deletedFileRetentionDuration", window);
    wanted
        .entrySet()
        .removeIf(property -> property.getValue().equals(properties.get(property.getKey())));
    if (!wanted.isEmpty()) {
      DeltaWrites.setProperties(spark, name, wanted);
    }
    boolean vacuum =
        disk.values().stream()
            .anyMatch(
                file ->
                    !current.contains(file.getPath().toUri().getPath())
                        && file.getModificationTime() < windowStart);
    if (vacuum) {
      vacuum(spark, name, retain);
    }
    Map<String, LocatedFileStatus> diskAfter = optimize || vacuum ? dataFiles(fs, location) : disk;
    Done result =
        new Done(
            table,
            current.size(),
            currentAfter,
            disk.size(),
            diskAfter.size(),
            bytes(disk),
            bytes(diskAfter),
            optimize,
            vacuum,
            (System.nanoTime() - start) / 1e9);
    LOG.info(
        "maintain {}: {} -> {} files read, {} -> {} files on disk{}{}, in {} s",
        table.qualified(),
        result.currentFilesBefore(),
        result.currentFilesAfter(),
        result.diskFilesBefore(),
        result.diskFilesAfter(),
        optimize ? ", optimized" : "",
        vacuum ? ", vacuumed" : "",
        String.format("%.1f", result.seconds()));
    return result;
  }

  /** The table's data files on disk, outside its log, by path. */
  private static Map<String, LocatedFileStatus> dataFiles(FileSystem fs, Path location) {
    Map<String, LocatedFileStatus> files = new HashMap<>();
    try {
      RemoteIterator<LocatedFileStatus> listed = fs.listFiles(location, true);
      while (listed.hasNext()) {
        LocatedFileStatus file = listed.next();
        String path = file.getPath().toUri().getPath();
        if (path.endsWith(".parquet") && !path.contains("/_delta_log/")) {
          files.put(path, file);
        }
      }
    } catch (IOException e) {
      throw Errors.cannotRead(location.toString(), e);
    }
    return files;
  }

  private static long bytes(Map<String, LocatedFileStatus> files) {
    return files.values().stream().mapToLong(LocatedFileStatus::getLen).sum();
  }
}
