package io.livecart.core.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}), setting permissions through Java instead of a {@code
 * chmod} process. Without Hadoop's native library, which no Maven artifact carries, Hadoop runs
 * {@code chmod} for every file and directory it creates: every Parquet file, every commit of a
 * Delta table (its JSON and its checksum), every new partition folder. Each is a process forked
 * from the driver's JVM, about 10 ms of a 2-core machine. Configured as {@code
 * spark.hadoop.fs.file.impl} in conf/livecart.conf; the files and their permissions are those
 * Hadoop would have set.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  private static final PosixFilePermission[] BITS = PosixFilePermission.values();

  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The permissions of {@code mode}'s nine rwx bits (owner, group, others), as Java names them. */
  static Set<PosixFilePermission> posix(short mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((mode & (1 << (BITS.length - 1 - i))) != 0) {
        permissions.add(BITS[i]);
      }
    }
    return permissions;
  }

  private static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission.toShort()));
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(p, permission);
      }
    }
  }
}
