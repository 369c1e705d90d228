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
    Map<String, Concurrently.Outcome<String, Integer>> results =
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
    assertThat(results.keySet()).containsExactly("a", "b", "c", "d");
    assertThat(results.values())
        .extracting(Concurrently.Outcome::value)
        .containsExactly(0, 1, 2, 3);
    assertThat(ended.indexOf("c")).isGreaterThan(Math.max(ended.indexOf("a"), ended.indexOf("b")));
    assertThat(ended.indexOf("d")).isGreaterThan(ended.indexOf("c"));
  }

  @Test
  void independentTasksRunAtTheSameTime() {
    CountDownLatch both = new CountDownLatch(2);
    Map<String, Concurrently.Outcome<String, Boolean>> met =
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
    assertThat(met.values()).extracting(Concurrently.Outcome::value).containsOnly(true);
  }

  @Test
  void aFailureSkipsWhatNeedsItAndTheOthersStillRun() {
    Map<String, Boolean> ran = new ConcurrentHashMap<>();
    Map<String, Set<String>> needs =
        Map.of("reader", Set.of("broken"), "reader2", Set.of("other", "reader"));
    Map<String, Concurrently.Outcome<String, String>> outcomes =
        Concurrently.run(
            1,
            List.of("broken", "reader", "other", "reader2", "overflow"),
            key -> needs.getOrDefault(key, Set.of()),
            key -> {
              ran.put(key, true);
              if (key.equals("broken")) {
                throw new IllegalArgumentException("broken table");
              }
              if (key.equals("overflow")) {
                throw new StackOverflowError("deep tree");
              }
              return key;
            });
    assertThat(ran).containsOnlyKeys("broken", "other", "overflow");
    assertThat(outcomes.get("broken").failed())
        .get()
        .hasToString("java.lang.IllegalArgumentException: broken table");
    assertThat(outcomes.get("reader").skippedFor()).hasValue("broken");
    assertThat(outcomes.get("reader2").skippedFor()).hasValue("broken");
    assertThat(outcomes.get("other").value()).isEqualTo("other");
    assertThat(outcomes.get("overflow").failed()).get().isInstanceOf(StackOverflowError.class);
  }

  @Test
  void allReturnsTheValuesInTheKeysOrderOrThrowsTheFirstFailureAsItWas() {
    CountDownLatch both = new CountDownLatch(2);
    assertThat(
            Concurrently.all(
                2,
                List.of("slow", "quick"),
                key -> {
                  both.countDown();
                  try {
                    return both.await(10, TimeUnit.SECONDS) ? key.length() : -1;
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                }))
        .containsExactly(Map.entry("slow", 4), Map.entry("quick", 5));
    assertThatThrownBy(
            () ->
                Concurrently.all(
                    2,
                    List.of("fine", "broken", "worse"),
                    key -> {
                      if (!key.equals("fine")) {
                        throw new IllegalArgumentException(key + " fit");
                      }
                      return key;
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("broken fit");
  }
}
