package io.livecart.models.forecast;

import io.livecart.core.config.LiveCartConfig;
import io.livecart.models.registry.Registry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The GMV forecast's parameters ({@code livecart.models.parameters.gmv_*}). A version records them
 * in its registry parameters under the same keys ({@link #parameters()}), and forecasts with those
 * it recorded, whatever the configuration says later.
 */
record GmvSettings(
    int horizon,
    int origins,
    int originStep,
    int minTrainDays,
    int trainStep,
    int scheduleDays,
    int maxIter,
    int maxDepth,
    double stepSize,
    int minInstancesPerNode,
    int validationDays,
    long seed) {
  static GmvSettings of(LiveCartConfig config) {
    return of(config, Map.of());
  }

  /**
   * The settings {@code recorded} in a version's registry parameters; tonight's configuration for a
   * setting it does not record (a version registered before it was recorded), except the validation
   * days: a version that does not record them was fitted before early stopping existed, with every
   * round.
   */
  static GmvSettings of(LiveCartConfig config, Map<String, String> recorded) {
    Function<String, Number> value = Registry.parameters(config, recorded);
    return new GmvSettings(
        value.apply("gmv_horizon_days").intValue(),
        value.apply("gmv_backtest_origins").intValue(),
        value.apply("gmv_backtest_step_days").intValue(),
        value.apply("gmv_min_train_days").intValue(),
        value.apply("gmv_train_origin_step_days").intValue(),
        value.apply("gmv_schedule_days").intValue(),
        value.apply("gmv_max_iter").intValue(),
        value.apply("gmv_max_depth").intValue(),
        value.apply("gmv_step_size").doubleValue(),
        value.apply("gmv_min_instances_per_node").intValue(),
        recorded.isEmpty() || recorded.containsKey("gmv_validation_days")
            ? value.apply("gmv_validation_days").intValue()
            : 0,
        value.apply("seed").longValue());
  }

  /** Every setting under its configuration key, as a version's registry parameters hold it. */
  Map<String, String> parameters() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("gmv_horizon_days", Integer.toString(horizon));
    out.put("gmv_backtest_origins", Integer.toString(origins));
    out.put("gmv_backtest_step_days", Integer.toString(originStep));
    out.put("gmv_min_train_days", Integer.toString(minTrainDays));
    out.put("gmv_train_origin_step_days", Integer.toString(trainStep));
    out.put("gmv_schedule_days", Integer.toString(scheduleDays));
    out.put("gmv_max_iter", Integer.toString(maxIter));
    out.put("gmv_max_depth", Integer.toString(maxDepth));
    out.put("gmv_step_size", Double.toString(stepSize));
    out.put("gmv_min_instances_per_node", Integer.toString(minInstancesPerNode));
    out.put("gmv_validation_days", Integer.toString(validationDays));
    out.put("seed", Long.toString(seed));
    return out;
  }

  /**
   * These model settings, measured as {@code tonight} measures: its horizon and backtest origins,
   * so that a champion refitted with its own settings is scored on the same days as tonight's
   * model.
   */
  GmvSettings measuredAs(GmvSettings tonight) {
    return new GmvSettings(
        tonight.horizon,
        tonight.origins,
        tonight.originStep,
        tonight.minTrainDays,
        trainStep,
        scheduleDays,
        maxIter,
        maxDepth,
        stepSize,
        minInstancesPerNode,
        validationDays,
        seed);
  }

  /** The backtest origins (indexes into series that end on the run date), oldest first. */
  List<Integer> backtestOrigins(int last) {
    List<Integer> out = new ArrayList<>();
    for (int i = origins - 1; i >= 0; i--) {
      int origin = last - horizon - i * originStep;
      if (origin >= GmvFeatures.LOOKBACK - 1 + minTrainDays) {
        out.add(origin);
      }
    }
    return out;
  }
}
