package io.livecart.jobs;

import io.livecart.core.Errors;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The file system the jobs write files of their own through: the landing files `generate` and
 * `import` write, the generator's truth, and the night's exports and report.
 */
public final class OutputFiles {
  private OutputFiles() {}

  /**
   * The file system of {@code location}, writing no checksum file beside what it writes: Hadoop's
   * local file system would otherwise leave a hidden {@code .NAME.crc} next to every file, which no
   * reader needs and a user finds beside the files they asked for. The setting belongs to Hadoop's
   * cached instance of that file system, so it holds for the process's later writes through it.
   */
  public static FileSystem of(Path location, Configuration hadoop) {
    try {
      FileSystem fs = location.getFileSystem(hadoop);
      fs.setWriteChecksum(false);
      return fs;
    } catch (IOException e) {
      throw Errors.cannotWrite(location.toString(), e);
    }
  }
}
