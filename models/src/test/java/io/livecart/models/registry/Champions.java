package io.livecart.models.registry;

import java.time.LocalDate;
import java.util.Map;

/** Registry rows a test crowns: a trained version's row, as a champion of another date. */
public final class Champions {
  private Champions() {}

  /**
   * {@code trained} as the promoted version of {@code runDate}, with {@code parameters} instead of
   * its own.
   */
  public static Registry.Entry of(
      Registry.Entry trained, LocalDate runDate, Map<String, String> parameters) {
    return new Registry.Entry(
        trained.modelName(),
        Registry.version(trained.modelName(), runDate),
        trained.runId(),
        runDate,
        trained.trainFrom(),
        runDate,
        trained.validationDate(),
        trained.holdoutDate(),
        parameters,
        trained.metrics(),
        trained.reliability(),
        trained.modelPath(),
        Registry.Promotion.promoted("(test)"));
  }
}
