package io.livecart.core.config;

import io.livecart.core.landing.Source;
import java.util.Map;
import java.util.Optional;

/**
 * What the night expects of each source's deliveries ({@code livecart.freshness}), as dbt's source
 * freshness: how far its newest landing day may lag the night, and how far the night's rows may
 * fall below the source's recent norm.
 *
 * @param windowDays the norm is the median of the source's landing days with rows in the days
 *     before the night, this many
 * @param minMedianRows a source whose norm is smaller than this is too sparse for a volume check
 * @param rules by source; a source without one is not judged
 */
public record Freshness(int windowDays, int minMedianRows, Map<Source, Rule> rules) {
  public Freshness {
    rules = Map.copyOf(rules);
  }

  /**
   * One source's thresholds; a null one is not checked.
   *
   * @param warnAfterDays warn when the newest landing day with rows is this many days before the
   *     night, or more
   * @param errorAfterDays fail the night when it is this many days before, or more
   * @param warnBelow warn when the night's rows are below this share of the norm
   * @param errorBelow fail the night when they are below this share
   */
  public record Rule(
      Integer warnAfterDays, Integer errorAfterDays, Double warnBelow, Double errorBelow) {}

  public Optional<Rule> rule(Source source) {
    return Optional.ofNullable(rules.get(source));
  }
}
