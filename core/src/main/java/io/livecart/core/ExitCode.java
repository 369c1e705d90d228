package io.livecart.core;

/** The process exit codes every command returns, documented in the README for schedulers. */
public enum ExitCode {
  OK(0),
  /** A bug or an environment failure (disk, cluster): rerunning may help, reading the log will. */
  INTERNAL_ERROR(1),
  /** Bad arguments or configuration: nothing was done; fix the command line or the config file. */
  BAD_INPUT(2),
  /** The data broke a rule declared to fail the night (e.g. reconciliation does not balance). */
  DATA_QUALITY(3),
  /** Another run holds the warehouse: nothing was done; wait for it, or check it is gone. */
  ALREADY_RUNNING(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
