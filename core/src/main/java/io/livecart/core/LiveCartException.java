package io.livecart.core;

/**
 * A failure the user can act on. Create them through {@link Errors} so every message says what
 * failed, why, and how to fix it; the command line prints the message on one line and exits with
 * {@link #exitCode()}.
 */
public final class LiveCartException extends RuntimeException {
  private final ExitCode exitCode;

  LiveCartException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
