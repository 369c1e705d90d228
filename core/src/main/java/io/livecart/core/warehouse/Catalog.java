package io.livecart.core.warehouse;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import java.io.IOException;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the warehouse's tables visible by name. The Delta folders under {@code <warehouse>/<db>/}
 * are the source of truth; registering them is idempotent, so a session with an in-memory catalog
 * (the local default) finds every table written by earlier runs, and a session with a persistent
 * metastore (Hive, Glue, Unity) registers each table once.
 */
public final class Catalog {
  private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);

  /**
   * Where this process registered each table, per session: a name registered here and still in the
   * catalog needs no {@code DESCRIBE DETAIL} (which loads the table's Delta snapshot) to know where
   * it points.
   */
  private static final Map<SparkSession, Map<String, String>> REGISTERED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private static final List<String> DATABASES =
      List.of(Table.BRONZE, Table.SILVER, Table.GOLD, Table.OPS, Table.ML);

  private Catalog() {}

  /**
   * Creates the databases, registers every Delta table found under the warehouse, and the latest
   * views of the published outputs ({@link Publication}).
   */
  public static void register(SparkSession spark, LiveCartConfig config) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path root = new Path(config.warehouse());
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      for (String database : DATABASES) {
        createDatabase(spark, database, fs.makeQualified(new Path(root, database)));
      }
    } catch (IOException e) {
      throw Errors.cannotWrite(config.warehouse(), e);
    }
    tables(hadoop, config).forEach((table, location) -> register(spark, table, location));
    Publication.views(spark, config);
  }

  /**
   * Every table the warehouse holds, with its qualified folder: each folder under {@code
   * <warehouse>/<database>/} that holds a committed Delta table, in database and name order. What
   * any engine's catalog registers (this one's, and the SQL endpoint's).
   */
  public static SortedMap<Table, Path> tables(Configuration hadoop, LiveCartConfig config) {
    Path root = new Path(config.warehouse());
    SortedMap<Table, Path> tables =
        new TreeMap<>(Comparator.comparing(Table::database).thenComparing(Table::name));
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      for (String database : DATABASES) {
        Path folder = fs.makeQualified(new Path(root, database));
        if (!fs.exists(folder)) {
          continue;
        }
        for (FileStatus child : fs.listStatus(folder)) {
          if (child.isDirectory() && committed(fs, child.getPath())) {
            tables.put(new Table(database, child.getPath().getName()), child.getPath());
          }
        }
      }
    } catch (IOException e) {
      throw Errors.cannotRead(config.warehouse(), e);
    }
    return tables;
  }

  /**
   * Whether the folder holds a Delta table: a transaction log with at least one commit. A first
   * write killed before its commit leaves a log folder without one (only {@code _staged_commits},
   * and data files no reader can see): that is no table yet, and the next write creates it.
   */
  private static boolean committed(FileSystem fs, Path folder) throws IOException {
    if (TransactionLog.at(fs, folder).latestVersion() >= 0) {
      return true;
    }
    if (fs.exists(new Path(folder, "_delta_log"))) {
      LOG.warn(
          "{} holds no committed Delta table (a first write was killed before its commit): not"
              + " registered; the next run's write creates the table",
          folder);
    }
    return false;
  }

  /** Registers one table written at its path (after its first write), and its database. */
  public static void register(SparkSession spark, Table table, LiveCartConfig config) {
    Path location = new Path(table.path(config));
    try {
      FileSystem fs = location.getFileSystem(spark.sparkContext().hadoopConfiguration());
      createDatabase(spark, table.database(), fs.makeQualified(location.getParent()));
      register(spark, table, fs.makeQualified(location));
    } catch (IOException e) {
      throw Errors.cannotWrite(location.toString(), e);
    }
  }

  /**
   * Readies the catalog for {@code table}'s creation at its folder, which holds no commit yet:
   * creates its database and drops a name left pointing at a folder without a table (a lost or
   * moved warehouse; the table is external, so dropping the name leaves any data where it is).
   * Returns the folder's qualified URI, for the create-table statement's location.
   */
  static String unregisterForCreate(SparkSession spark, Table table, LiveCartConfig config) {
    Path location = new Path(table.path(config));
    try {
      FileSystem fs = location.getFileSystem(spark.sparkContext().hadoopConfiguration());
      createDatabase(spark, table.database(), fs.makeQualified(location.getParent()));
      location = fs.makeQualified(location);
    } catch (IOException e) {
      throw Errors.cannotWrite(location.toString(), e);
    }
    spark.sql("DROP TABLE IF EXISTS " + table.qualified());
    return location.toUri().toString();
  }

  /** Notes that this process's create-table statement registered {@code table} at {@code uri}. */
  static void registered(SparkSession spark, Table table, String uri) {
    REGISTERED.computeIfAbsent(spark, s -> new ConcurrentHashMap<>()).put(table.qualified(), uri);
  }

  /** Where the catalog says the table is, or null when that folder holds no Delta table. */
  private static String registeredPath(SparkSession spark, Table table) {
    try {
      String registered =
          spark.sql("DESCRIBE DETAIL " + table.qualified()).first().getAs("location");
      return new Path(registered).toUri().getPath();
    } catch (Exception e) { // Scala throws AnalysisException without declaring it
      if (e instanceof AnalysisException) {
        return null;
      }
      throw e;
    }
  }

  private static void createDatabase(SparkSession spark, String database, Path folder) {
    spark.sql(
        String.format("CREATE DATABASE IF NOT EXISTS %s LOCATION '%s'", database, folder.toUri()));
  }

  private static void register(SparkSession spark, Table table, Path location) {
    String uri = location.toUri().toString();
    Map<String, String> known = REGISTERED.computeIfAbsent(spark, s -> new ConcurrentHashMap<>());
    // SHOW TABLES reads names only; tableExists would load the Delta log and fail on a lost folder.
    if (!spark
        .sql(String.format("SHOW TABLES IN %s LIKE '%s'", table.database(), table.name()))
        .isEmpty()) {
      if (uri.equals(known.get(table.qualified()))
          || location.toUri().getPath().equals(registeredPath(spark, table))) {
        known.put(table.qualified(), uri);
        return;
      }
      // The name points at another folder (the warehouse moved, or its folder is gone): point it
      // here. The table is external, so dropping the name leaves any data where it is.
      spark.sql("DROP TABLE " + table.qualified());
    }
    spark.sql(String.format("CREATE TABLE %s USING delta LOCATION '%s'", table.qualified(), uri));
    registered(spark, table, uri);
  }
}
