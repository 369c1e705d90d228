package io.livecart.jobs.generate;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Reads the generator's manifests of injected bad rows, for tests of any layer. */
public final class DirtyManifests {
  private DirtyManifests() {}

  /** Bad rows injected, summed over every day, keyed {@code <source>/<kind>}. */
  public static Map<String, Long> read(Path truth) {
    Map<String, Long> manifest = new TreeMap<>();
    for (Path file : Landing.files(truth.resolve("dirty"))) {
      for (Map<String, String> row : Landing.csv(file)) {
        manifest.merge(
            row.get("source") + "/" + row.get("kind"), Long.parseLong(row.get("rows")), Long::sum);
      }
    }
    return manifest;
  }
}
