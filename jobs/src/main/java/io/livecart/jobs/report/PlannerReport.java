package io.livecart.jobs.report;

import io.livecart.core.Errors;
import io.livecart.core.Resources;
import io.livecart.core.Steps;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.SqlDates;
import io.livecart.core.warehouse.Table;
import io.livecart.jobs.OutputFiles;
import io.livecart.jobs.ledger.SourceFreshness;
import io.livecart.jobs.nightly.Nightly;
import io.livecart.jobs.nightly.RunLedger;
import io.livecart.models.forecast.ForecastAccuracy;
import io.livecart.models.forecast.GmvForecast;
import io.livecart.models.registry.Registry;
import io.livecart.models.replenishment.Replenishment;
import io.livecart.models.repurchase.RepurchaseModel;
import io.livecart.models.selection.Selection;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The planner report of a night: one self-contained HTML page ({@code
 * <reports>/<date>/report.html}, ECharts from its WebJar inlined, so it opens without a network):
 * the GMV forecast of every series with its 80% and 95% intervals, the reorder list by urgency, the
 * selection ranking, the alerts, the night's broadcasts against their rooms' benchmarks with their
 * curves in 5-minute buckets (online viewers, GMV, the peak and where viewers left fastest), each
 * model's latest version with its headline metric and whether it was promoted, and the rows
 * quarantined that night by reason. The repurchase scores are summed per churn risk, and the users
 * at risk listed, the most valuable first. A section a model step fills and that is empty says why:
 * the step's latest outcome in the night's runs ({@code ops.runs}), skipped or failed with its
 * reason, a step resumed from an earlier run taking that run's. The page is the template {@code
 * report/report.html}; the night's figures go in as one JSON object (Spark's {@code to_json}),
 * rendered by the page's script.
 */
public final class PlannerReport {
  /** The ECharts build inlined (the WebJar's version is the pom's {@code echarts.version}). */
  static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.1.2/echarts.common.min.js";

  /** The GMV charts show this many days of actuals before the forecast. */
  static final int ACTUAL_DAYS = 56;

  /** The series with the worst backtest WAPE listed. */
  static final int WORST_SERIES = 10;

  /** The reorder list and the selection ranking show this many rows; the CSV files have all. */
  static final int LIST_ROWS = 100;

  /** The night's broadcasts with the most GMV whose curves are drawn. */
  static final int SESSION_CHARTS = 12;

  private PlannerReport() {}

  /** Writes the report of {@code asOf} and returns its path. */
  public static Path write(
      SparkSession spark, LiveCartConfig config, LocalDate asOf, String runId) {
    long start = System.nanoTime();
    String day = SqlDates.literal(asOf);
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put(
        "gmv",
        json(
            spark,
            config,
            GmvForecast.FORECASTS,
            "SELECT level, series_key, forecast_date, gmv_forecast, gmv_lower_80, gmv_upper_80,"
                + " gmv_lower_95, gmv_upper_95, forecaster FROM {table} WHERE as_of_date = "
                + day
                + " ORDER BY CASE level WHEN 'total' THEN 0 WHEN 'category' THEN 1 ELSE 2 END,"
                + " series_key, forecast_date"));
    sections.put(
        "gmv_actual",
        json(
            spark,
            config,
            new Table(Table.GOLD, "fact_order_lines"),
            "SELECT level, series_key, date, round(gmv, 2) AS gmv FROM ("
                + GmvForecast.series(asOf.minusDays(ACTUAL_DAYS - 1), asOf)
                + ") ORDER BY level, series_key, date"));
    sections.put(
        "accuracy",
        json(
            spark,
            config,
            ForecastAccuracy.TABLE,
            "SELECT lag_days, as_of_date, level, forecaster, series, points, actual_gmv,"
                + " forecast_gmv, wape, bias, coverage_80, coverage_95 FROM {table}"
                + " WHERE run_date = "
                + day
                + " ORDER BY lag_days, CASE level WHEN 'total' THEN 0 WHEN 'category' THEN 1"
                + " ELSE 2 END"));
    sections.put(
        "worst_series",
        json(
            spark,
            config,
            GmvForecast.BACKTEST_SERIES,
            "SELECT m.level, m.series_key, m.run_date, m.points, m.actual_gmv, m.wape,"
                + " n.wape AS seasonal_naive_wape, m.bias, m.coverage_80, m.coverage_95"
                + " FROM {table} m LEFT JOIN {table} n ON n.run_date = m.run_date"
                + " AND n.level = m.level AND n.series_key = m.series_key"
                + " AND n.forecaster = 'seasonal_naive'"
                + " WHERE m.forecaster = 'model' AND m.wape IS NOT NULL"
                + " AND m.run_date = (SELECT max(run_date) FROM {table} WHERE run_date <= "
                + day
                + ") ORDER BY m.wape DESC, m.level, m.series_key LIMIT "
                + WORST_SERIES));
    sections.put(
        "plan",
        json(
            spark,
            config,
            Replenishment.PLAN,
            "SELECT urgency, sku_id, name, warehouse_id, abc_class, on_hand, on_order, reorder_point,"
                + " order_qty, order_value, days_of_cover, projected_stockout_date, stockout_risk"
                + " FROM {table} WHERE as_of_date = "
                + day
                + " AND (order_qty > 0 OR stockout_risk) ORDER BY urgency LIMIT "
                + LIST_ROWS));
    sections.put(
        "selection",
        json(
            spark,
            config,
            Selection.SCORES,
            "SELECT selection_rank, sku_id, name, category_l1, score, forecast_units,"
                + " profit_per_unit, conversion_rate, repurchase_rate, on_hand, stock_cover"
                + " FROM {table} WHERE as_of_date = "
                + day
                + " ORDER BY selection_rank LIMIT "
                + LIST_ROWS));
    sections.put(
        "repurchase_summary",
        json(
            spark,
            config,
            RepurchaseModel.SCORES,
            "SELECT churn_risk, suggested_touch, count(*) AS users,"
                + " round(avg(probability), 4) AS probability,"
                + " round(sum(expected_purchases), 1) AS expected_purchases,"
                + " round(sum(clv), 2) AS clv, max(model_version) AS model_version FROM {table}"
                + " WHERE as_of_date = "
                + day
                + " GROUP BY churn_risk, suggested_touch"
                + " ORDER BY CASE churn_risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END"));
    sections.put(
        "repurchase_touch",
        json(
            spark,
            config,
            RepurchaseModel.SCORES,
            "SELECT user_id, segment_zh, churn_risk, suggested_touch, churn_signals, probability,"
                + " decile, p_alive, clv, recency_days, frequency_365d, monetary_365d FROM {table}"
                + " WHERE as_of_date = "
                + day
                + " AND churn_risk <> 'low'"
                + " ORDER BY churn_signals DESC, clv DESC, expected_purchases DESC, user_id LIMIT "
                + LIST_ROWS));
    sections.put(
        "alerts",
        json(
            spark,
            config,
            new Table(Table.GOLD, "alerts"),
            "SELECT alert_type, subject_id, message, value, threshold FROM {table}"
                + " WHERE alert_date = "
                + day
                + " ORDER BY alert_type, subject_id"));
    sections.put(
        "sessions",
        json(
            spark,
            config,
            new Table(Table.GOLD, "session_benchmark"),
            "SELECT live_session_id, room_id, anchor_id, gmv, uv, conversion_rate,"
                + " round(gpm, 2) AS gpm, previous_gmv, gmv_median_30d, gmv_p75_30d,"
                + " gmv_vs_median_30d, gmv_tier FROM {table} WHERE session_date = "
                + day
                + " ORDER BY gmv DESC, live_session_id"));
    sections.put(
        "session_curves",
        json(
            spark,
            config,
            new Table(Table.GOLD, "session_curve"),
            "SELECT live_session_id, room_id, session_gmv, minute_offset, online_viewers,"
                + " entries, exits, paid_orders, gmv, is_peak, exit_rank FROM (SELECT *,"
                + " dense_rank() OVER"
                + " (ORDER BY session_gmv DESC, live_session_id) AS session_rank FROM (SELECT *,"
                + " sum(gmv) OVER (PARTITION BY live_session_id) AS session_gmv FROM {table}"
                + " WHERE session_date = "
                + day
                + ")) WHERE session_rank <= "
                + SESSION_CHARTS
                + " ORDER BY session_rank, minute_offset"));
    sections.put(
        "models",
        json(
            spark,
            config,
            Registry.TABLE,
            "SELECT model_name, version, run_date, promoted, reason, CASE model_name"
                + " WHEN 'repurchase' THEN format_string('ROC AUC %.4f (BG/NBD %.4f)',"
                + " metrics['model.roc_auc'], metrics['bgnbd.roc_auc'])"
                + " WHEN 'gmv_forecast' THEN format_string('total WAPE %.4f (seasonal naive %.4f,"
                + " moving average %.4f); in backtest the total 80%% and 95%% intervals held"
                + " %.2f and %.2f of days', metrics['model.total.wape'],"
                + " metrics['seasonal_naive.total.wape'], metrics['moving_average.total.wape'],"
                + " metrics['model.total.coverage_80'], metrics['model.total.coverage_95'])"
                + " WHEN 'replenishment' THEN format_string('fill rate %.4f, %.1f%% less stock than"
                + " naive', metrics['policy.fill_rate'],"
                + " 100 * coalesce(metrics['policy.inventory_saving'], 0D))"
                + " END AS headline FROM (SELECT *, row_number() OVER (PARTITION BY model_name"
                + " ORDER BY run_date DESC, trained_at DESC) AS newest FROM {table} WHERE run_date <= "
                + day
                + ") WHERE newest = 1 ORDER BY model_name"));
    sections.put(
        "not_run",
        json(
            spark,
            config,
            RunLedger.RUNS,
            "SELECT step, status, error AS reason FROM (SELECT *, row_number() OVER (PARTITION BY"
                + " step ORDER BY started_at DESC) AS newest FROM {table} WHERE command = '"
                + Nightly.NIGHTLY
                + "' AND to_date = "
                + day
                + " AND status NOT IN ('running', '"
                + RunLedger.RESUMED
                + "')) WHERE newest = 1 AND status <> 'succeeded' ORDER BY step"));
    sections.put(
        "freshness",
        json(
            spark,
            config,
            SourceFreshness.TABLE,
            "SELECT source, status, newest_day, lag_days, rows, round(median_rows) AS median_rows,"
                + " reason FROM {table} WHERE as_of_date = "
                + day
                + " ORDER BY CASE status WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END,"
                + " source"));
    sections.put(
        "quality",
        json(
            spark,
            config,
            Table.RECONCILIATION,
            "SELECT layer, source, reason, sum(rows) AS rows FROM {table} WHERE _dt = "
                + day
                + " AND outcome = 'quarantined' GROUP BY layer, source, reason"
                + " ORDER BY rows DESC"));
    StringBuilder data = new StringBuilder("{");
    data.append("\"as_of_date\":\"").append(asOf).append('"');
    data.append(",\"actual_from\":\"").append(asOf.minusDays(ACTUAL_DAYS - 1)).append('"');
    data.append(",\"run_id\":\"").append(runId == null ? "" : runId.replace("\"", "")).append('"');
    data.append(",\"generated_at\":\"").append(Instant.now()).append('"');
    data.append(",\"warehouse\":").append(quoted(config.warehouse()));
    data.append(
        String.format(
            ",\"repurchase_rules\":{\"horizon_days\":%s,\"churn_inactive_days\":%s,"
                + "\"churn_spend_drop\":%s,\"churn_min_signals\":%s}",
            config.modelParameter("horizon_days"),
            config.goldParameter("churn_inactive_days"),
            config.goldParameter("churn_spend_drop"),
            config.goldParameter("churn_min_signals")));
    sections.forEach((name, json) -> data.append(",\"").append(name).append("\":").append(json));
    data.append('}');
    String html =
        Resources.text("/report/report.html")
            .replace("/*ECHARTS*/", Resources.text(ECHARTS))
            .replace("/*DATA*/", data.toString().replace("</", "<\\/"));
    Path path = new Path(Exports.folder(config, asOf), "report.html");
    try {
      FileSystem fs = OutputFiles.of(path, spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, true)) {
        out.write(html.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.cannotWrite(path.toString(), e);
    }
    Steps.log("planner report " + asOf + " at " + path, 1, start);
    return path;
  }

  /**
   * The rows of {@code sql}, which reads {@code {table}}, as a JSON array; empty when the warehouse
   * does not hold {@code table}.
   */
  private static String json(SparkSession spark, LiveCartConfig config, Table table, String sql) {
    Optional<String> source = Exports.source(spark, config, table);
    if (source.isEmpty()) {
      return "[]";
    }
    Row row =
        spark
            .sql(
                "SELECT to_json(collect_list(struct(*))) FROM ("
                    + sql.replace("{table}", source.get())
                    + ")")
            .first();
    return row.isNullAt(0) ? "[]" : row.getString(0);
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
