package io.livecart.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Run ids: the command and the UTC start time, e.g. {@code ingest-20251123T091500Z}. */
final class RunIds {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private RunIds() {}

  static String next(String command) {
    return command + "-" + FORMAT.format(Instant.now());
  }
}
