package io.livecart.core.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The typed configuration handed to every job. Built once per process by {@link ConfigLoader}; jobs
 * read nothing else (no system properties, no environment).
 *
 * @param landing where raw source files arrive: {@code <landing>/<source>/dt=YYYY-MM-DD/}
 * @param warehouse where the Delta tables live
 * @param truth where the generator writes what it knows (never read by the pipeline)
 * @param piiKey the key of the keyed hash that replaces personal data; empty to use {@code
 *     piiKeyFile}
 * @param piiKeyFile where a generated key is kept when {@code piiKey} is empty
 * @param timeZone the zone whose calendar days are business days
 * @param sparkDefaults Spark settings applied when nobody else set them
 * @param goldParameters the named parameters of the gold SQL ({@code :name}): alert thresholds,
 *     windows and weights; whole numbers are integers
 * @param commentTopics the comment keyword lexicon: topic to the keywords counted under it
 */
public record LiveCartConfig(
    String landing,
    String warehouse,
    String truth,
    String piiKey,
    String piiKeyFile,
    ZoneId timeZone,
    Map<String, String> sparkDefaults,
    Map<String, Number> goldParameters,
    Map<String, List<String>> commentTopics) {

  public LiveCartConfig {
    sparkDefaults = Map.copyOf(sparkDefaults);
    goldParameters = Map.copyOf(goldParameters);
    commentTopics = Map.copyOf(commentTopics);
  }
}
