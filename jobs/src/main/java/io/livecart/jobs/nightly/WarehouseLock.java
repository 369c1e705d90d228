package io.livecart.jobs.nightly;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One writer per warehouse: an operating-system lock on {@code <warehouse>/_livecart.lock}, held
 * for the run. The kernel releases it when the process ends, however it ends (SIGKILL included), so
 * a killed night never leaves a stale lock. The file names the holder, for the message a second run
 * gets.
 *
 * <p>A warehouse on object storage ({@code s3a://}, {@code abfss://} ...) has no such lock: there
 * the scheduler must not start two runs at once (a Kubernetes CronJob's {@code concurrencyPolicy:
 * Forbid}, one YARN queue slot); Delta's optimistic commits still keep each table consistent.
 */
public final class WarehouseLock implements AutoCloseable {
  static final String FILE = "_livecart.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private WarehouseLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock for {@code runId}, or fails with exit code 4 naming the holder. */
  public static Optional<WarehouseLock> take(LiveCartConfig config, String runId) {
    String warehouse = config.warehouse();
    if (warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !warehouse.startsWith("file:")) {
      return Optional.empty();
    }
    Path file = Path.of(warehouse.replaceFirst("^file:(//)?", "")).resolve(FILE);
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very process
      }
      if (lock == null) {
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        channel.close();
        throw Errors.alreadyRunning(file.toString(), holder.isEmpty() ? "an unknown run" : holder);
      }
      String holder =
          String.format(
              "run %s, process %d on %s, since %s",
              runId,
              ProcessHandle.current().pid(),
              InetAddress.getLocalHost().getHostName(),
              Instant.now());
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return Optional.of(new WarehouseLock(channel, lock));
    } catch (IOException e) {
      throw Errors.cannotLock(file.toString(), e);
    }
  }

  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The lock goes with the channel or, at worst, with the process.
    }
  }
}
