package io.livecart.cli;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.models.forecast.ForecastAccuracy;
import io.livecart.models.forecast.GmvForecast;
import io.livecart.models.replenishment.Replenishment;
import io.livecart.models.repurchase.RepurchaseModel;
import io.livecart.models.selection.Selection;
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
      description = "Run only this model: ${COMPLETION-CANDIDATES} (default: all).")
  Model model;

  /** The models this command runs. */
  enum Model {
    repurchase,
    gmv_forecast,
    replenishment,
    selection
  }

  @Override
  public Integer call() {
    LiveCartConfig config = parent.config();
    parent.withSpark(
        config,
        "livecart score",
        spark -> {
          Catalog.register(spark, config);
          if (model == null || model == Model.repurchase) {
            print("scored %,d users", RepurchaseModel.score(spark, config, date));
          }
          if (model == null || model == Model.gmv_forecast) {
            print("forecast %,d series days", GmvForecast.forecast(spark, config, date));
            ForecastAccuracy.record(spark, config, date)
                .ifPresent(written -> print("scored %,d published forecasts", written));
          }
          if (model == null || model == Model.replenishment) {
            print("planned %,d SKU-warehouses", Replenishment.plan(spark, config, date));
          }
          if (model == null || model == Model.selection) {
            print("ranked %,d SKUs", Selection.score(spark, config, date));
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
