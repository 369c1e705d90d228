package io.livecart.cli;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.models.Model;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description =
        "Runs the promoted models as of DATE, replacing the date's partition of their tables:"
            + " repurchase scores every active user into ml.repurchase_scores, gmv_forecast"
            + " forecasts the next days' GMV into ml.gmv_forecast, replenishment plans every SKU"
            + " and warehouse into ml.replenishment_plan, selection ranks the SKUs in stock for the"
            + " next sessions into ml.selection_scores (from that night's plan).")
final class ScoreCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "DATE",
      description = "The as-of date (YYYY-MM-DD).")
  LocalDate date;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      converter = ModelOption.Converter.class,
      completionCandidates = ModelOption.Scored.class,
      description = "Run only this model: ${COMPLETION-CANDIDATES} (default: all).")
  Model model;

  @Override
  public Integer call() {
    LiveCartConfig config = parent.config();
    parent.withSpark(
        config,
        "livecart score",
        spark -> {
          Catalog.register(spark, config);
          for (Model each : Model.values()) {
            if (model == null || model == each) {
              List<DeltaWrites.Written> written = each.score(spark, config, date);
              print(
                  switch (each) {
                    case REPURCHASE -> "scored %,d users";
                    case GMV_FORECAST -> "forecast %,d series days";
                    case REPLENISHMENT -> "planned %,d SKU-warehouses";
                    case SELECTION -> "ranked %,d SKUs";
                  },
                  written.get(0));
              // the GMV forecast's second table: how the forecasts published before did
              written.stream().skip(1).forEach(w -> print("scored %,d published forecasts", w));
            }
          }
        });
    return 0;
  }

  private void print(String what, DeltaWrites.Written written) {
    parent
        .out()
        .printf(
            Locale.ROOT,
            what + " as of %s into %s (version %d)%n",
            written.rows(),
            date,
            written.table(),
            written.version());
  }
}
