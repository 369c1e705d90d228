package io.livecart.models.replenishment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livecart.core.TestSpark;
import io.livecart.core.config.ConfigLoader;
import io.livecart.core.config.LiveCartConfig;
import io.livecart.core.warehouse.DeltaWrites;
import io.livecart.core.warehouse.Table;
import io.livecart.core.warehouse.TableContracts;
import io.livecart.core.warehouse.TableProtocols;
import io.livecart.models.registry.Champions;
import io.livecart.models.registry.Registry;
import io.livecart.models.selection.Selection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Backtests, plans and ranks a small world: a fast SKU (8 units a day in the south, 4 in the east)
 * and a slow one (a unit on a third of days in the east only), restocked by an order-up-to rule
 * whose supplier delivers in 1.2 x the promised 5 days, the fast SKU's southern shelf empty for
 * three weeks shortly before the run date while its buyers kept coming (true demand in the truth
 * folder), and a province no warehouse ships to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplenishmentTest {
  private static final LocalDate RUN = LocalDate.of(2025, 7, 20);
  private static final int DAYS = 200;
  private static final LocalDate FIRST = RUN.minusDays(DAYS - 1);
  private static final int OUT_FROM = 150;
  private static final int OUT_TO = 170;
  private final SparkSession spark = TestSpark.session();
  private LiveCartConfig config;
  private Registry.Trained trained;
  private Map<String, Row> plan;
  private long unroutedUnits;
  private Path truth;

  /** The configuration of this test with {@code settings} on top. */
  private LiveCartConfig with(String... settings) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "paths.warehouse=" + TestSpark.config().warehouse(),
                "paths.truth=" + truth,
                "models.parameters.replenishment_history_days=" + DAYS,
                "models.parameters.replenishment_backtest_days=42",
                "models.parameters.replenishment_warmup_days=21"));
    all.addAll(List.of(settings));
    return ConfigLoader.load(Optional.empty(), Map.of(), all);
  }

  @BeforeAll
  void backtestAndPlan() throws IOException {
    Path truth = Files.createTempDirectory("livecart-truth");
    this.truth = truth;
    config = with();
    world(truth);
    trained = Replenishment.train(spark, config, RUN, "test-run");
    Replenishment.plan(spark, config, RUN);
    plan = new HashMap<>();
    for (Row r :
        spark
            .table(Replenishment.PLAN.qualified())
            .where("as_of_date = DATE'" + RUN + "'")
            .collectAsList()) {
      plan.put(r.getAs("sku_id") + "@" + r.getAs("warehouse_id"), r);
    }
  }

  /** Cells: SKU, warehouse, province, daily rate. */
  private record Cell(String sku, String warehouse, String province, double rate) {}

  private void world(Path truth) {
    List<Cell> cells =
        List.of(
            new Cell("FAST", "WH_SOUTH", "广东", 8),
            new Cell("FAST", "WH_EAST", "浙江", 4),
            new Cell("SLOW", "WH_EAST", "浙江", 1.0 / 3),
            new Cell("SLOW", "WH_SOUTH", "广东", 0));
    List<Row> lines = new ArrayList<>();
    List<Row> stock = new ArrayList<>();
    Map<LocalDate, StringBuilder> demandFiles = new HashMap<>();
    SplittableRandom rng = new SplittableRandom(5);
    for (Cell cell : cells) {
      long onHand = (long) (cell.rate() * 20) + 2;
      long onOrder = 0;
      Map<Integer, Long> arrivals = new HashMap<>();
      for (int d = 0; d < DAYS; d++) {
        LocalDate day = FIRST.plusDays(d);
        long received = arrivals.getOrDefault(d, 0L);
        onHand += received;
        onOrder -= received;
        long demand = poisson(rng, cell.rate());
        long sold = Math.min(onHand, demand);
        onHand -= sold;
        boolean starved = cell.warehouse().equals("WH_SOUTH") && d >= OUT_FROM && d < OUT_TO;
        if (starved) {
          onHand = 0;
          sold = 0;
        }
        if (sold > 0) {
          lines.add(line(day, cell.sku(), cell.province(), sold));
        }
        // the slow SKU's southern shelf holds one unit at the end
        if (cell.sku().equals("SLOW") && cell.warehouse().equals("WH_SOUTH")) {
          onHand = d == DAYS - 1 ? 1 : 3;
        } else if (!starved && onHand + onOrder < cell.rate() * 10 + 1) {
          long units = (long) Math.ceil(cell.rate() * 20) + 6;
          onOrder += units;
          arrivals.merge(d + 6, units, Long::sum);
        }
        stock.add(
            RowFactory.create(cell.sku(), cell.warehouse(), Date.valueOf(day), onHand, onOrder));
        demandFiles
            .computeIfAbsent(
                day,
                k ->
                    new StringBuilder(
                        "sku_id,warehouse_id,demand_units,sold_units,lost_units,on_hand_start,"
                            + "received_units\n"))
            .append(
                String.join(
                    ",",
                    cell.sku(),
                    cell.warehouse(),
                    Long.toString(demand),
                    Long.toString(sold),
                    Long.toString(demand - sold),
                    "0",
                    Long.toString(received)))
            .append('\n');
      }
    }
    for (int d = 0; d < DAYS; d += 10) {
      lines.add(line(FIRST.plusDays(d), "FAST", "西藏", 2));
      unroutedUnits += 2;
    }
    demandFiles.forEach(
        (day, csv) -> {
          try {
            Path folder = truth.resolve("demand/dt=" + day);
            Files.createDirectories(folder);
            Files.writeString(
                folder.resolve("part-00000.csv"), csv.toString(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    write(
        Table.GOLD,
        "fact_order_lines",
        lines,
        new StructType()
            .add("order_date", DataTypes.DateType)
            .add("paid_date", DataTypes.DateType)
            .add("sku_id", DataTypes.StringType)
            .add("province", DataTypes.StringType)
            .add("quantity", DataTypes.IntegerType)
            .add("is_paid", DataTypes.BooleanType)
            .add("sku_known", DataTypes.BooleanType)
            .add("gross_profit", DataTypes.createDecimalType(18, 2)));
    write(
        Table.SILVER,
        "inventory",
        stock,
        new StructType()
            .add("sku_id", DataTypes.StringType)
            .add("warehouse_id", DataTypes.StringType)
            .add("snapshot_date", DataTypes.DateType)
            .add("on_hand", DataTypes.LongType)
            .add("on_order", DataTypes.LongType));
    write(
        Table.GOLD,
        "dim_product",
        List.of(product("FAST", "快消 面膜", 12, 24), product("SLOW", "慢销 香水", 6, 6)),
        new StructType()
            .add("sku_id", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("category_l1", DataTypes.StringType)
            .add("list_price", DataTypes.createDecimalType(18, 2))
            .add("unit_cost", DataTypes.createDecimalType(18, 2))
            .add("lead_time_days", DataTypes.IntegerType)
            .add("case_pack", DataTypes.IntegerType)
            .add("moq", DataTypes.IntegerType)
            .add("is_current", DataTypes.BooleanType));
    write(
        Table.GOLD,
        "inventory_turnover",
        List.of(
            RowFactory.create(Date.valueOf(LocalDate.of(2025, 6, 1)), "FAST", "A"),
            RowFactory.create(Date.valueOf(LocalDate.of(2025, 6, 1)), "SLOW", "C")),
        new StructType()
            .add("month", DataTypes.DateType)
            .add("sku_id", DataTypes.StringType)
            .add("abc_class", DataTypes.StringType));
    write(
        Table.GOLD,
        "session_sku_funnel",
        List.of(
            RowFactory.create(Date.valueOf(RUN.minusDays(3)), "FAST", 200L, 60L),
            RowFactory.create(Date.valueOf(RUN.minusDays(3)), "SLOW", 100L, 5L)),
        new StructType()
            .add("session_date", DataTypes.DateType)
            .add("sku_id", DataTypes.StringType)
            .add("clickers", DataTypes.LongType)
            .add("payers", DataTypes.LongType));
    write(
        Table.GOLD,
        "repurchase_monthly",
        List.of(
            RowFactory.create(Date.valueOf(LocalDate.of(2025, 6, 1)), "sku", "FAST", 100L, 20L),
            RowFactory.create(Date.valueOf(LocalDate.of(2025, 6, 1)), "sku", "SLOW", 10L, 0L)),
        new StructType()
            .add("month", DataTypes.DateType)
            .add("scope", DataTypes.StringType)
            .add("sku_id", DataTypes.StringType)
            .add("customers", DataTypes.LongType)
            .add("repeat_customers", DataTypes.LongType));
  }

  private static Row line(LocalDate day, String sku, String province, long units) {
    return RowFactory.create(
        Date.valueOf(day),
        Date.valueOf(day),
        sku,
        province,
        (int) units,
        true,
        true,
        BigDecimal.valueOf(units * (sku.equals("FAST") ? 30 : 80)));
  }

  private static Row product(String sku, String name, int casePack, int moq) {
    return RowFactory.create(
        sku,
        name,
        "美妆护肤",
        BigDecimal.valueOf(sku.equals("FAST") ? 59 : 199),
        BigDecimal.valueOf(sku.equals("FAST") ? 20 : 90),
        5,
        casePack,
        moq,
        true);
  }

  private void write(String database, String name, List<Row> rows, StructType schema) {
    DeltaWrites.replace(
        spark, config, new Table(database, name), spark.createDataFrame(rows, schema), null);
  }

  private static long poisson(SplittableRandom rng, double mean) {
    long k = 0;
    double p = Math.exp(-mean);
    double u = rng.nextDouble();
    double cumulative = p;
    while (u > cumulative) {
      k++;
      p *= mean / k;
      cumulative += p;
    }
    return k;
  }

  @Test
  void theBacktestReplaysThePoliciesAndMeasuresTheForecastAgainstTrueDemand() {
    Map<String, Double> m = trained.entry().metrics();
    assertThat(m.get("cells")).isEqualTo(4.0);
    assertThat(m).containsKeys("policy.fill_rate", "naive_4w.fill_rate", "actual.fill_rate");
    assertThat(m.get("policy.fill_rate")).isBetween(0.8, 1.0);
    // fill rates per ABC class, demand class and lead-time band: every cell is promised 5 days
    assertThat(m.get("policy.fill_rate.lead_time.4-7d"))
        .isCloseTo(m.get("policy.fill_rate"), within(1e-12));
    assertThat(m.keySet()).noneMatch(k -> k.startsWith("policy.fill_rate.lead_time.1-3d"));
    assertThat(m.keySet().stream().filter(k -> k.startsWith("policy.fill_rate.demand_class.")))
        .isNotEmpty()
        .allSatisfy(k -> assertThat(m.get(k)).isBetween(0.0, 1.0));
    // the southern shelf was empty for three weeks before the measured days: learning zeros from
    // it (blind) or averaging them in (moving average) under-forecasts; skipping them does not,
    // measured on the weeks that kept stock (what a promotion reads) and against the true demand
    // (an evaluation, which decides nothing)
    for (String against : new String[] {"forecast.", "truth.forecast."}) {
      assertThat(m.get(against + "model.wape"))
          .isLessThan(m.get(against + "censoring_blind.wape"))
          .isLessThan(m.get(against + "moving_average.wape"));
      assertThat(m.get(against + "moving_average.bias")).isNegative();
    }
    assertThat(m).containsKey("truth_policy.fill_rate");
    assertThat(m.get("unrouted_units")).isEqualTo((double) unroutedUnits);
    // deliveries took 6 days for a promised 5
    assertThat(trained.entry().parameters().get("lead_time_ratio"))
        .startsWith("mean 1.200, sd 0.000");
    // the replay delivers its orders as the suppliers did in the replayed weeks
    assertThat(trained.entry().parameters().get("replay_lead_time_ratio"))
        .startsWith("mean 1.200, sd 0.000 over ");
    assertThat(trained.entry().holdoutDate()).isEqualTo(RUN.minusDays(41));
    // TSB's smoothing, fitted on the weeks before the measured ones, is recorded where the plan
    // reads it
    Map<String, String> p = trained.entry().parameters();
    assertThat(p.get("smoothing"))
        .startsWith(
            "alpha "
                + p.get("replenishment_alpha")
                + ", beta "
                + p.get("replenishment_beta")
                + " (");
  }

  /** Two years on the same orders, no stock was counted since: nothing to replay a policy on. */
  @Test
  void withoutStockSnapshotsThereIsNothingToReplayAgainst() {
    assertThat(Replenishment.whyNotTrain(spark, config, RUN.plusYears(2)))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith("no inventory snapshots from ")
                    .contains(" to 2027-07-20"));
  }

  @Test
  void thePlanCoversEveryCellWithOrdersInCasesAndTheUrgentFirst() {
    assertThat(plan.keySet())
        .containsExactlyInAnyOrder(
            "FAST@WH_SOUTH", "FAST@WH_EAST", "SLOW@WH_EAST", "SLOW@WH_SOUTH");
    String expectedPolicy = trained.entry().promoted() ? "planned" : "naive_4w";
    for (Row r : plan.values()) {
      assertThat(r.<String>getAs("policy")).isEqualTo(expectedPolicy);
      long order = r.<Long>getAs("order_qty");
      int pack = r.<Integer>getAs("case_pack");
      assertThat(order % pack).isZero();
      assertThat(order == 0 || order >= r.<Integer>getAs("moq")).isTrue();
      assertThat(r.<Integer>getAs("expected_lead_time_days")).isEqualTo(6);
      assertThat(r.<Long>getAs("inventory_position"))
          .isEqualTo(r.<Long>getAs("on_hand") + r.<Long>getAs("on_order"));
      if (order > 0) {
        assertThat((double) r.<Long>getAs("inventory_position"))
            .isLessThanOrEqualTo(r.<Double>getAs("reorder_point"));
      }
    }
    Row fast = plan.get("FAST@WH_SOUTH");
    assertThat(fast.<String>getAs("abc_class")).isEqualTo("A");
    assertThat(fast.<String>getAs("demand_class")).isEqualTo("smooth");
    // the three empty weeks did not drag the forecast down: about 8 a day
    List<Double> daily = fast.getList(fast.fieldIndex("daily_forecast"));
    double mean = daily.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertThat(mean).isCloseTo(8, within(1.6));
    // the slow SKU never sold in the south: no demand to plan for
    assertThat(plan.get("SLOW@WH_SOUTH").<String>getAs("demand_class")).isEqualTo("no_demand");
    assertThat(plan.get("SLOW@WH_SOUTH").<Long>getAs("order_qty")).isZero();
    // urgency: the cells at risk of a stock-out before an order could arrive come first
    List<Row> byUrgency =
        plan.values().stream()
            .sorted(java.util.Comparator.comparingInt(r -> r.<Integer>getAs("urgency")))
            .toList();
    assertThat(byUrgency).extracting(r -> r.<Integer>getAs("urgency")).containsExactly(1, 2, 3, 4);
    for (int i = 1; i < byUrgency.size(); i++) {
      boolean before = byUrgency.get(i - 1).<Boolean>getAs("stockout_risk");
      boolean after = byUrgency.get(i).<Boolean>getAs("stockout_risk");
      assertThat(before || !after).as("a cell at risk ranked after one that is not").isTrue();
    }
    for (Row r : plan.values()) {
      if (r.<Boolean>getAs("stockout_risk")) {
        assertThat(r.<Date>getAs("projected_stockout_date").toLocalDate())
            .isBeforeOrEqualTo(RUN.plusDays(6 + 3));
      }
    }
  }

  @Test
  void selectionRanksTheSkusInStockWithTheirComponents() {
    Selection.score(spark, config, RUN);
    List<Row> ranked =
        spark
            .table(Selection.SCORES.qualified())
            .where("as_of_date = DATE'" + RUN + "'")
            .orderBy("selection_rank")
            .collectAsList();
    assertThat(ranked).extracting(r -> r.<String>getAs("sku_id")).containsExactly("FAST", "SLOW");
    Row fast = ranked.get(0);
    // 60 payers of 200 clickers, shrunk by 20 clickers at the catalogue's 65 / 300
    assertThat(fast.<Double>getAs("conversion_rate"))
        .isCloseTo((60 + 20 * 65.0 / 300) / 220, within(1e-4));
    // 20 repeat customers of 100, shrunk by 20 at 20 / 110
    assertThat(fast.<Double>getAs("repurchase_rate"))
        .isCloseTo((20 + 20 * 20.0 / 110) / 120, within(1e-4));
    // gross profit 30 a unit sold
    assertThat(fast.<Double>getAs("profit_per_unit")).isEqualTo(30.0);
    assertThat(fast.<Double>getAs("demand_percentile")).isEqualTo(1.0);
    assertThat(fast.<Double>getAs("score")).isBetween(0.0, 1.0);
    // The models' tables (registry, plan, scores) stay open to delta-rs, DuckDB and Trino.
    assertThat(TableProtocols.assertOpenToCommonReaders(spark, Path.of(config.warehouse())))
        .isGreaterThan(5);
    // ... and have the columns sql/tables.conf declares for them (docs/tables.md).
    assertThat(TableContracts.assertAsDeclared(spark, config, Table.ML)).isGreaterThanOrEqualTo(3);
  }

  /**
   * The champion of the day before ordered every 14 days, tonight's settings every 7: it is
   * replayed with its own cycle on tonight's backtest, and holds more stock than tonight's policy.
   * It plans with the settings it recorded, not with a later configuration's.
   */
  @Test
  void aVersionIsReplayedBesideTheChampionReplayedWithItsSettings() {
    Registry.Entry e = trained.entry();
    LocalDate before = RUN.minusDays(1);
    Map<String, String> parameters = new HashMap<>(e.parameters());
    parameters.put("replenishment_order_cycle_days", "14");
    Registry.record(spark, config, Champions.of(e, before, parameters));
    try {
      Registry.Entry tonight = Replenishment.train(spark, config, RUN, "test-champion").entry();
      Map<String, Double> m = tonight.metrics();
      assertThat(m.get("champion.avg_inventory_units"))
          .isGreaterThan(m.get("policy.avg_inventory_units"));
      assertThat(m.get("champion.fill_rate")).isBetween(0.8, 1.0);
      assertThat(tonight.parameters())
          .containsEntry(
              "champion",
              "replenishment-20250719 refitted with its settings"
                  + " {replenishment_order_cycle_days=14 (tonight 7)}");
      assertThat(tonight.reason()).doesNotContain("the champion replenishment-20250719 reaches");

      Replenishment.plan(spark, with("models.parameters.replenishment_fill_rate_a=0.5"), before);
      Row fast =
          spark
              .table(Replenishment.PLAN.qualified())
              .where("as_of_date = DATE'" + before + "' AND sku_id = 'FAST'")
              .first();
      assertThat(fast.<Double>getAs("fill_rate_target")).isEqualTo(0.95);
    } finally {
      spark.sql(
          "DELETE FROM ml.model_registry WHERE model_name = 'replenishment'"
              + " AND version = 'replenishment-20250719'");
      spark.sql("DELETE FROM ml.replenishment_plan WHERE as_of_date = DATE'" + before + "'");
      Registry.record(spark, config, e);
    }
  }

  @Test
  void aPolicyMustHoldLessStockThanAChampionThatReachesTheTarget() {
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("policy.fill_rate", 0.96);
    metrics.put("policy.avg_inventory_units", 120.0);
    metrics.put("policy.inventory_saving", 0.2);
    metrics.put("naive.avg_inventory_units_at_policy_fill_rate", 150.0);
    metrics.put("champion.fill_rate", 0.94);
    metrics.put("champion.avg_inventory_units", 110.0);
    Registry.Champion champion =
        new Registry.Champion(
            "replenishment-20250713", Map.of("replenishment_alpha", "0.2 (tonight 0.1)"), Map.of());
    assertThat(PolicyBacktest.promotion(metrics, 0.95, 4, Optional.of(champion)))
        .isEqualTo(
            Registry.Promotion.rejected(
                "the champion replenishment-20250713 refitted with its settings"
                    + " {replenishment_alpha=0.2 (tonight 0.1)} reaches the target too (fill rate"
                    + " 0.9400) with no more stock (110 units against 120)"));
    // a champion that misses the target is no rival, whatever its stock
    metrics.put("champion.fill_rate", 0.90);
    assertThat(PolicyBacktest.promotion(metrics, 0.95, 4, Optional.of(champion)).reason())
        .startsWith("promoted: fill rate 0.9600")
        .endsWith(
            "; the champion replenishment-20250713 refitted with its settings"
                + " {replenishment_alpha=0.2 (tonight 0.1)}: fill rate 0.9000, 110 units");
  }
}
