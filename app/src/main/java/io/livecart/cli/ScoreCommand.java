package io.livecart.cli;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.models.repurchase.RepurchaseModel;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description =
        "Scores every active user as of DATE with the promoted repurchase model into"
            + " ml.repurchase_scores (the date's partition is replaced).")
final class ScoreCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "DATE",
      description = "The as-of date (YYYY-MM-DD).")
  LocalDate date;

  @Override
  public Integer call() {
    LiveCartConfig config = parent.config();
    parent.withSpark(
        config,
        "livecart score",
        spark -> {
          Catalog.register(spark, config);
          DeltaWrites.Written written = RepurchaseModel.score(spark, config, date);
          parent
              .out()
              .printf(
                  Locale.ROOT,
                  "scored %,d users as of %s into %s (version %d)%n",
                  written.rows(),
                  date,
                  written.table(),
                  written.version());
        });
    return 0;
  }
}
