package io.livecart.core.warehouse;

import io.livecart.core.Errors;
import io.trino.jdbc.TrinoDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the SQL endpoint's Trino server is unpacked, and a Java that runs it. Trino needs a newer
 * Java than Spark's 17, so it runs in its own process on its own JDK.
 */
public record TrinoInstall(Path home, Path javaHome) {
  /** The oldest Java the server runs on. */
  public static final int JAVA_REQUIRED = 24;

  /**
   * The server's version: the one of the JDBC driver this jar carries (pom.xml's trino.version).
   */
  public static int version() {
    return new TrinoDriver().getMajorVersion();
  }

  /** Where bin/trino-install unpacks the server when LIVECART_TRINO_HOME is not set. */
  public static Path defaultHome() {
    return Path.of(
        System.getProperty("user.home"), ".cache", "livecart", "trino-server-" + version());
  }

  /**
   * The installation to run: the given folders, else {@code LIVECART_TRINO_HOME} and {@code
   * LIVECART_TRINO_JAVA_HOME}, else the default home and the newest JDK of at least {@link
   * #JAVA_REQUIRED} among {@code JAVA_HOME}, this JVM's and the system's JDK folders.
   */
  public static TrinoInstall locate(Path home, Path javaHome, Map<String, String> env) {
    Path server =
        home != null
            ? home
            : Optional.ofNullable(env.get("LIVECART_TRINO_HOME"))
                .map(Path::of)
                .orElse(defaultHome());
    if (!Files.isExecutable(server.resolve("bin/launcher"))
        || !Files.isDirectory(server.resolve("plugin/delta-lake"))) {
      throw Errors.trinoMissing(server);
    }
    List<Path> candidates = new ArrayList<>();
    if (javaHome != null) {
      candidates.add(javaHome);
    } else if (env.containsKey("LIVECART_TRINO_JAVA_HOME")) {
      candidates.add(Path.of(env.get("LIVECART_TRINO_JAVA_HOME")));
    } else {
      Optional.ofNullable(env.get("JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
      candidates.add(Path.of(System.getProperty("java.home")));
      candidates.addAll(children(Path.of("/usr/lib/jvm")));
      candidates.addAll(
          children(Path.of("/Library/Java/JavaVirtualMachines")).stream()
              .map(p -> p.resolve("Contents/Home"))
              .toList());
    }
    return candidates.stream()
        .filter(p -> majorVersion(p) >= JAVA_REQUIRED)
        .max((a, b) -> Integer.compare(majorVersion(a), majorVersion(b)))
        .map(java -> new TrinoInstall(server, java))
        .orElseThrow(() -> Errors.javaTooOld(JAVA_REQUIRED, candidates.toString()));
  }

  private static final Pattern JAVA_VERSION =
      Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

  /** The major version a JDK's {@code release} file states, 0 when it is no JDK. */
  public static int majorVersion(Path javaHome) {
    Path release = javaHome.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(javaHome.resolve("bin/java"))) {
      return 0;
    }
    try {
      Matcher version = JAVA_VERSION.matcher(Files.readString(release));
      return version.find() ? Integer.parseInt(version.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static List<Path> children(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
