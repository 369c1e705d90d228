package io.livecart.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Runs a step's tables (gold's marts) a few at a time, each as soon as the ones it reads are
 * written, as dbt's {@code threads} do. On a small machine most of a small table's time is driver
 * work (planning, Delta's log and commit) that another table's tasks can overlap. Spark jobs
 * started from several threads share the one SparkSession; the threads are created by the caller's
 * thread, so they inherit its job group.
 *
 * <p>As in dbt, one task's failure is not the run's: the tasks that need it (directly or through
 * others) are skipped, every other task runs to its end, and each key's {@link Outcome} says which.
 */
public final class Concurrently {
  private Concurrently() {}

  /**
   * What became of one key: its value, or the failure that ended it, or the failed key whose
   * failure it was skipped for.
   */
  public record Outcome<K, V>(V value, Throwable failure, K failedNeed) {
    public boolean succeeded() {
      return failure == null && failedNeed == null;
    }

    public Optional<Throwable> failed() {
      return Optional.ofNullable(failure);
    }

    public Optional<K> skippedFor() {
      return Optional.ofNullable(failedNeed);
    }
  }

  /**
   * @param threads how many tasks run at once
   * @param keys the tasks, in an order where each comes after those it needs
   * @param needs the keys a task must wait for; keys not before it in {@code keys} are ignored
   * @param task the work of one key; what it throws (an Error too) fails that key alone
   * @return each key's outcome, in the order of {@code keys}, once every task has ended; a key is
   *     skipped when one of its needs did not succeed, for the failed key behind the first such
   *     need (in {@code keys} order)
   */
  public static <K, V> Map<K, Outcome<K, V>> run(
      int threads, List<K> keys, Function<K, Set<K>> needs, Function<K, V> task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Map<K, CompletableFuture<Outcome<K, V>>> started = new LinkedHashMap<>();
    try {
      for (K key : keys) {
        Set<K> wanted = needs.apply(key);
        Map<K, CompletableFuture<Outcome<K, V>>> inputs = new LinkedHashMap<>();
        started.forEach(
            (earlier, outcome) -> {
              if (wanted.contains(earlier)) {
                inputs.put(earlier, outcome);
              }
            });
        started.put(
            key,
            CompletableFuture.allOf(inputs.values().toArray(CompletableFuture[]::new))
                .thenApplyAsync(ignored -> attempt(key, inputs, task), pool));
      }
      CompletableFuture.allOf(started.values().toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdown();
    }
    Map<K, Outcome<K, V>> outcomes = new LinkedHashMap<>();
    started.forEach((key, outcome) -> outcomes.put(key, outcome.join()));
    return outcomes;
  }

  /**
   * Runs independent tasks a few at a time (fits of models that share nothing, say) and returns
   * their values in the order of {@code keys}, once all have ended; the first failure, in that
   * order, is thrown as it was (a checked one wrapped in an {@link IllegalStateException}).
   */
  public static <K, V> Map<K, V> all(int threads, List<K> keys, Function<K, V> task) {
    Map<K, V> values = new LinkedHashMap<>();
    for (Map.Entry<K, Outcome<K, V>> outcome : run(threads, keys, k -> Set.of(), task).entrySet()) {
      Throwable failure = outcome.getValue().failure();
      if (failure instanceof RuntimeException e) {
        throw e;
      } else if (failure instanceof Error e) {
        throw e;
      } else if (failure != null) {
        throw new IllegalStateException(outcome.getKey() + " failed", failure);
      }
      values.put(outcome.getKey(), outcome.getValue().value());
    }
    return values;
  }

  private static <K, V> Outcome<K, V> attempt(
      K key, Map<K, CompletableFuture<Outcome<K, V>>> inputs, Function<K, V> task) {
    for (Map.Entry<K, CompletableFuture<Outcome<K, V>>> input : inputs.entrySet()) {
      Outcome<K, V> need = input.getValue().join();
      if (!need.succeeded()) {
        return new Outcome<>(null, null, need.skippedFor().orElse(input.getKey()));
      }
    }
    try {
      return new Outcome<>(task.apply(key), null, null);
    } catch (
        Throwable e) { // Spark's checked AnalysisException, or an Error such as a stack overflow
      return new Outcome<>(null, e, null);
    }
  }
}
