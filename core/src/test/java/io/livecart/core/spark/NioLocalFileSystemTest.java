package io.livecart.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {
  @TempDir Path temp;

  @Test
  void theSessionsLocalFilesGetHadoopsPermissions() throws IOException {
    FileSystem fs =
        FileSystem.get(temp.toUri(), TestSpark.session().sparkContext().hadoopConfiguration());
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(temp.toUri() + "/a/b");
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(folder, "part.json");

    fs.mkdirs(folder);
    fs.create(file).close();
    org.apache.hadoop.fs.Path secret = new org.apache.hadoop.fs.Path(folder, "key");
    fs.create(secret).close();
    fs.setPermission(secret, new FsPermission((short) 0600));

    assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
    assertThat(permissions(temp.resolve("a"))).isEqualTo("rwxr-xr-x");
    assertThat(permissions(temp.resolve("a/b/part.json"))).isEqualTo("rw-r--r--");
    assertThat(permissions(temp.resolve("a/b/key"))).isEqualTo("rw-------");
  }

  @Test
  void modeBitsMapToJavasPermissions() {
    assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix((short) 0754)))
        .isEqualTo("rwxr-xr--");
    assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix((short) 01640)))
        .isEqualTo("rw-r-----");
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
