package io.livecart.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecart.core.TestSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLedgerTest {
  private static final LocalDate FROM = LocalDate.of(2025, 1, 1);
  private static final LocalDate TO = LocalDate.of(2025, 12, 30);
  private static final Instant START = Instant.parse("2026-01-01T01:00:00Z");

  @TempDir Path root;

  private final SparkSession spark = TestSpark.session();

  private RunLedger ledger(String runId, LocalDate to) {
    return new RunLedger(spark, TestSpark.config(root), runId, Nightly.BACKFILL, FROM, to);
  }

  /**
   * A resumed backfill learns which runs may have landed passes of its ingest: those that started
   * it since the last run that finished it, and no run of other days.
   */
  @Test
  void aResumedRunKnowsTheRunsThatStartedTheIngestSinceTheLastThatFinishedIt() {
    RunLedger finished = ledger("run-1", TO);
    finished.started("ingest", START);
    finished.succeeded("ingest", START, new RunLedger.Outcome(1L, 1L, null));
    ledger("run-2", TO).started("ingest", START.plusSeconds(60));
    RunLedger failed = ledger("run-3", TO);
    failed.started("ingest", START.plusSeconds(120));
    failed.failed("ingest", START.plusSeconds(120), "No space left on device", null);
    ledger("other-days", TO.minusDays(1)).started("ingest", START.plusSeconds(180));

    RunLedger.Previous previous = ledger("run-4", TO).previous().orElseThrow();

    assertThat(previous.runId()).isEqualTo("run-3");
    assertThat(previous.finished()).isEmpty();
    assertThat(previous.ingesting()).containsExactlyInAnyOrder("run-2", "run-3");
  }
}
