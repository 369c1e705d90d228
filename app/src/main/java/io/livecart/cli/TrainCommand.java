package io.livecart.cli;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.Catalog;
import io.livecart.models.Model;
import io.livecart.models.eval.Scores;
import io.livecart.models.forecast.GmvForecast;
import io.livecart.models.forecast.Series;
import io.livecart.models.registry.Registry;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the models as of DATE (the last day whose data is in gold), records each in"
          + " ml.model_registry and promotes it if it beats its baselines: repurchase (evaluated on"
          + " the holdout date DATE - horizon_days against the rules, BG/NBD and the champion),"
          + " gmv_forecast (a rolling-origin backtest against seasonal naive, the moving average"
          + " and the champion refitted with its settings) and replenishment (a replay of the last"
          + " days' stock with the plan's policy, the champion's and naive ones).",
      "`nightly` trains on its own schedule (models.parameters.retrain_every_days); this command"
          + " trains now."
    })
final class TrainCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "DATE",
      description = "The run date (YYYY-MM-DD).")
  LocalDate date;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      converter = ModelOption.Converter.class,
      completionCandidates = ModelOption.Trained.class,
      description = "Train only this model: ${COMPLETION-CANDIDATES} (default: all).")
  Model model;

  @Override
  public Integer call() {
    if (model != null && !model.trained()) {
      throw Errors.badOption(
          "--model",
          model.label(),
          "a trained model: "
              + String.join(", ", new ModelOption.Trained())
              + " (selection is a rule, only scored)");
    }
    LiveCartConfig config = parent.config();
    parent.withSpark(
        config,
        "livecart train",
        spark -> {
          Catalog.register(spark, config);
          String runId = RunIds.next("train");
          for (Model each : Model.values()) {
            if (each.trained() && (model == null || model == each)) {
              Registry.Entry entry = each.train(spark, config, date, runId).entry();
              switch (each) {
                case REPURCHASE -> printRepurchase(entry);
                case GMV_FORECAST -> printGmv(entry);
                case REPLENISHMENT -> printReplenishment(entry);
                case SELECTION -> throw new IllegalStateException("selection is not trained");
              }
            }
          }
        });
    return 0;
  }

  private void printGmv(Registry.Entry entry) {
    var out = parent.out();
    out.printf(
        Locale.ROOT,
        "%s trained on %s..%s, backtested at origins %s%n",
        entry.version(),
        entry.trainFrom(),
        entry.trainTo(),
        entry.parameters().get("backtest_origins"));
    String row = "%-9s %-15s %8s %8s %8s %8s %8s%n";
    out.printf(
        Locale.ROOT, row, "level", "forecaster", "wape", "mase", "bias", "cover80", "cover95");
    Map<String, Double> m = entry.metrics();
    for (Series.Level level : Series.Level.values()) {
      for (GmvForecast.Forecaster who : GmvForecast.Forecaster.values()) {
        String prefix = who.label() + "." + level.label() + ".";
        if (m.containsKey(prefix + "wape")) {
          out.printf(
              Locale.ROOT,
              row,
              level.label(),
              who.label(),
              figure(m.get(prefix + "wape")),
              figure(m.get(prefix + "mase")),
              figure(m.get(prefix + "bias")),
              figure(m.get(prefix + "coverage_80")),
              figure(m.get(prefix + "coverage_95")));
        }
      }
    }
    out.println(entry.reason());
  }

  private void printReplenishment(Registry.Entry entry) {
    var out = parent.out();
    Map<String, String> p = entry.parameters();
    out.printf(
        Locale.ROOT,
        "%s replayed %s (measured from %s); smoothing: %s; calendar: %s; lead time ratio: %s%n",
        entry.version(),
        p.get("replay"),
        p.get("measured_from"),
        p.get("smoothing"),
        p.get("calendar"),
        p.get("lead_time_ratio"));
    Map<String, Double> m = entry.metrics();
    String row = "%-12s %9s %14s %16s %13s %8s%n";
    out.printf(
        Locale.ROOT,
        row,
        "policy",
        "fill_rate",
        "avg_inventory",
        "inventory_value",
        "stockout_days",
        "orders");
    for (String who : entry.parameters().get("naive_weeks").split(",")) {
      printPolicy(row, "naive_" + who + "w", m);
    }
    printPolicy(row, "policy", m);
    // against the generator's true demand, where the truth folder has it: an evaluation
    printPolicy(row, "truth_policy", m);
    printPolicy(row, "actual", m);
    StringBuilder classes = new StringBuilder();
    m.forEach(
        (name, value) -> {
          if (name.startsWith("policy.fill_rate.")) {
            classes.append(
                String.format(
                    Locale.ROOT, " %s %.4f", name.substring("policy.fill_rate.".length()), value));
          }
        });
    out.println("policy fill rate by ABC class:" + classes);
    if (m.containsKey("policy.inventory_saving")) {
      out.printf(
          Locale.ROOT,
          "naive inventory at the policy's fill rate: %.0f units; the policy holds %.1f%% less%n",
          m.get("naive.avg_inventory_units_at_policy_fill_rate"),
          m.get("policy.inventory_saving") * 100);
    }
    for (String against : new String[] {"forecast.", "truth.forecast."}) {
      if (m.containsKey(against + "model.wape")) {
        out.printf(
            Locale.ROOT,
            "%-16s %8s %8s  %s%n",
            "7-day demand",
            "wape",
            "bias",
            against.startsWith("truth")
                ? "against the generator's true demand"
                : "over the weeks that kept stock");
        for (String who : new String[] {"model", "censoring_blind", "moving_average"}) {
          out.printf(
              Locale.ROOT,
              "%-16s %8s %8s%n",
              who,
              figure(m.get(against + who + ".wape")),
              figure(m.get(against + who + ".bias")));
        }
      }
    }
    out.printf(Locale.ROOT, "unrouted units: %.0f%n", m.get("unrouted_units"));
    out.println(entry.reason());
  }

  private void printPolicy(String row, String who, Map<String, Double> m) {
    if (!m.containsKey(who + ".fill_rate")) {
      return;
    }
    parent
        .out()
        .printf(
            Locale.ROOT,
            row,
            who,
            figure(m.get(who + ".fill_rate")),
            String.format(Locale.ROOT, "%.0f", m.get(who + ".avg_inventory_units")),
            String.format(Locale.ROOT, "%.0f", m.get(who + ".avg_inventory_value")),
            String.format(Locale.ROOT, "%.0f", m.get(who + ".stockout_days")),
            m.containsKey(who + ".orders")
                ? String.format(Locale.ROOT, "%.0f", m.get(who + ".orders"))
                : "");
  }

  private void printRepurchase(Registry.Entry entry) {
    var out = parent.out();
    out.printf(
        Locale.ROOT,
        "%s trained on %s..%s, validated on %s, evaluated on %s%n",
        entry.version(),
        entry.trainFrom(),
        entry.trainTo(),
        entry.validationDate(),
        entry.holdoutDate());
    out.printf(
        Locale.ROOT, "%-14s %8s %8s %8s %8s%n", "holdout", "roc_auc", "pr_auc", "lift@10", "brier");
    for (String who :
        new String[] {"model", "bgnbd", "rfm_rule", "recency_rule", "champion", "oracle"}) {
      Map<String, Double> m = entry.metrics();
      if (m.containsKey(who + ".roc_auc")) {
        out.printf(
            Locale.ROOT,
            "%-14s %8s %8s %8s %8s%n",
            who,
            figure(m.get(who + ".roc_auc")),
            figure(m.get(who + ".pr_auc")),
            figure(m.get(who + ".top_decile_lift")),
            figure(m.get(who + ".brier")));
      }
    }
    if (entry.metrics().containsKey("oracle.correlation")) {
      out.printf(
          Locale.ROOT,
          "correlation with the true probabilities: %.4f%n",
          entry.metrics().get("oracle.correlation"));
    }
    out.printf(
        Locale.ROOT, "%-7s %8s %14s %13s%n", "decile", "users", "mean_predicted", "observed_rate");
    entry
        .reliability()
        .forEach(
            d ->
                out.printf(
                    Locale.ROOT,
                    "%-7d %8d %14.4f %13.4f%n",
                    d.decile(),
                    d.users(),
                    d.meanPredicted(),
                    d.observedRate()));
    Scores.Calibration calibration = Scores.calibration(entry.reliability());
    if (calibration.degreesOfFreedom() > 0) {
      out.printf(
          Locale.ROOT,
          "calibration: buyers observed over predicted %.2f (%+.1f sd: %s); Hosmer-Lemeshow p ="
              + " %.3f (%s)%n",
          calibration.observedOverExpected(),
          calibration.levelZ(),
          calibration.levelHolds() ? "the level holds" : "the level is off",
          calibration.pValue(),
          calibration.decilesHold()
              ? "the deciles' gaps are within what their sizes explain"
              : "the deciles are off by more than their sizes explain");
    }
    out.println(entry.reason());
  }

  private static String figure(Double value) {
    return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
  }
}
