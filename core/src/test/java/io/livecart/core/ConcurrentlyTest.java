package io.livecart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentlyTest {
  @Test
  void aTaskStartsOnlyAfterWhatItNeedsAndResultsKeepTheKeysOrder() {
    List<String> ended = new CopyOnWriteArrayList<>();
    Map<String, Set<String>> needs =
        Map.of("a", Set.of(), "b", Set.of(), "c", Set.of("a", "b"), "d", Set.of("c", "later"));
    Map<String, Integer> results =
        Concurrently.run(
            2,
            List.of("a", "b", "c", "d"),
            needs::get,
            key -> {
              // "later" is no key: needing it waits for nothing.
              needs.get(key).stream()
                  .filter(n -> !n.equals("later"))
                  .forEach(n -> assertThat(ended).as(key + " starts after " + n).contains(n));
              ended.add(key);
              return key.charAt(0) - 'a';
            });
    assertThat(results)
        .containsExactly(
            Map.entry("a", 0), Map.entry("b", 1), Map.entry("c", 2), Map.entry("d", 3));
    assertThat(ended.indexOf("c")).isGreaterThan(Math.max(ended.indexOf("a"), ended.indexOf("b")));
    assertThat(ended.indexOf("d")).isGreaterThan(ended.indexOf("c"));
  }

  @Test
  void independentTasksRunAtTheSameTime() {
    CountDownLatch both = new CountDownLatch(2);
    Map<String, Boolean> met =
        Concurrently.run(
            2,
            List.of("x", "y"),
            key -> Set.of(),
            key -> {
              both.countDown();
              try {
                return both.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(met.values()).containsOnly(true);
  }

  @Test
  void aFailureFailsWhatNeedsItAndTheOthersStillEnd() {
    Map<String, Boolean> ran = new ConcurrentHashMap<>();
    assertThatThrownBy(
            () ->
                Concurrently.run(
                    1,
                    List.of("broken", "reader", "other"),
                    key -> key.equals("reader") ? Set.of("broken") : Set.of(),
                    key -> {
                      ran.put(key, true);
                      if (key.equals("broken")) {
                        throw new IllegalArgumentException("broken table");
                      }
                      return key;
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("broken table");
    assertThat(ran).containsOnlyKeys("broken", "other");
  }
}
