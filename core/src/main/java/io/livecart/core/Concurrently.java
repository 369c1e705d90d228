package io.livecart.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Runs a step's tables (gold's marts, ingest's and silver's sources) a few at a time, each as soon
 * as the ones it reads are written, as dbt's {@code threads} do. On a small machine most of a small
 * table's time is driver work (planning, Delta's log and commit) that another table's tasks can
 * overlap. Spark jobs started from several threads share the one SparkSession; the threads are
 * created by the caller's thread, so they inherit its job group.
 */
public final class Concurrently {
  private Concurrently() {}

  /**
   * @param threads how many tasks run at once
   * @param keys the tasks, in an order where each comes after those it needs
   * @param needs the keys a task must wait for; keys not before it in {@code keys} are ignored
   * @param task the work of one key
   * @return each key's result, in the order of {@code keys}, once every task has ended
   * @throws RuntimeException the failure of the first failed key in {@code keys} order (a task
   *     whose need failed fails with the same exception); tasks that need nothing failed still run
   *     to their end first
   */
  public static <K, V> Map<K, V> run(
      int threads, List<K> keys, Function<K, Set<K>> needs, Function<K, V> task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Map<K, CompletableFuture<V>> started = new LinkedHashMap<>();
    try {
      for (K key : keys) {
        List<CompletableFuture<V>> inputs = new ArrayList<>();
        for (K need : needs.apply(key)) {
          if (started.containsKey(need)) {
            inputs.add(started.get(need));
          }
        }
        started.put(
            key,
            CompletableFuture.allOf(inputs.toArray(CompletableFuture[]::new))
                .thenApplyAsync(ignored -> task.apply(key), pool));
      }
      CompletableFuture.allOf(started.values().toArray(CompletableFuture[]::new))
          .exceptionally(failure -> null)
          .join();
    } finally {
      pool.shutdown();
    }
    Map<K, V> results = new LinkedHashMap<>();
    for (Map.Entry<K, CompletableFuture<V>> entry : started.entrySet()) {
      try {
        results.put(entry.getKey(), entry.getValue().join());
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
    return results;
  }
}
