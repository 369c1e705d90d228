package io.livecart.models.replenishment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayTest {
  private static final LocalDate FIRST = LocalDate.of(2025, 7, 1);

  @Test
  void withoutOrdersTheShelfEmpties() {
    long[] units = new long[8];
    long[] onHand = new long[8];
    onHand[2] = 10;
    CellHistory cell = Cells.cell(FIRST, units, onHand);
    long[] demand = {0, 0, 0, 3, 3, 3, 3, 3};
    Replay.Totals t = Replay.run(cell, demand, 3, 3, 7, never(), LeadTimes.ON_TIME, 1);
    // served 3, 3, 3, 1, 0 of 15; end-of-day stock 7, 4, 1, 0, 0
    assertThat(t.demand()).isEqualTo(15);
    assertThat(t.served()).isEqualTo(10);
    assertThat(t.fillRate()).isCloseTo(10.0 / 15, within(1e-12));
    assertThat(t.inventoryUnits()).isEqualTo(12);
    assertThat(t.inventoryValue()).isEqualTo(120);
    assertThat(t.stockoutDays()).isEqualTo(2);
    assertThat(t.cellDays()).isEqualTo(5);
  }

  @Test
  void ordersArriveAfterTheLeadTime() {
    long[] units = new long[12];
    long[] onHand = new long[12];
    onHand[0] = 6;
    CellHistory cell = Cells.cell(FIRST, units, onHand);
    long[] demand = new long[12];
    Arrays.fill(demand, 2);
    // order 10 units on the first evening only; lead time 5 days, on time: there from day 6
    Replay.Orderer once =
        new Replay.Orderer() {
          private boolean ordered;

          @Override
          public void observe(LocalDate day, long sold, boolean inStock) {}

          @Override
          public long order(LocalDate day, long position) {
            if (ordered) {
              return 0;
            }
            ordered = true;
            return 10;
          }
        };
    Replay.Totals t = Replay.run(cell, demand, 1, 1, 11, once, LeadTimes.ON_TIME, 1);
    // days 1-3 serve 6; days 4-5 nothing; day 6 receives 10: days 6-10 serve 10; day 11 nothing
    assertThat(t.served()).isEqualTo(16);
    assertThat(t.demand()).isEqualTo(22);
    assertThat(t.stockoutDays()).isEqualTo(3);
    assertThat(t.orders()).isEqualTo(1);
  }

  @Test
  void openOrdersArriveALeadTimeAfterTheyWerePlaced() {
    long[] units = new long[10];
    long[] onHand = new long[10];
    long[] onOrder = new long[10];
    Arrays.fill(onHand, 5);
    for (int d = 6; d < 10; d++) {
      onOrder[d] = 20;
    }
    long[] truth = new long[10];
    CellHistory cell = Cells.cell(FIRST, units, onHand, onOrder, truth);
    // placed on day 6, lead time 5: expected on day 11
    assertThat(Replay.expectedArrival(cell, 9, LeadTimes.ON_TIME)).isEqualTo(11);
    // seen from day 12, that day has passed: tomorrow
    assertThat(Replay.expectedArrival(cell, 9, new LeadTimes(new double[] {0.2}))).isEqualTo(10);
  }

  @Test
  void projectedStockoutCountsWhatIsOnOrder() {
    long[] units = new long[3];
    long[] onHand = {10, 10, 10};
    long[] onOrder = {0, 0, 0};
    long[] truth = new long[3];
    double[] daily = {3, 3, 3, 3, 3, 3, 3, 3};
    CellHistory cell = Cells.cell(FIRST, units, onHand, onOrder, truth);
    // 10 - 3 - 3 - 3 = 1, then out on the 4th day
    assertThat(Replenishment.projectedStockout(cell, daily, LeadTimes.ON_TIME))
        .isEqualTo(FIRST.plusDays(2 + 4));
    long[] open = {0, 0, 5};
    CellHistory incoming = Cells.cell(FIRST, units, onHand, open, truth);
    // 5 more arrive 5 days after day 2 (day 7, horizon 5): 10 - 12 runs out on the 4th day first
    assertThat(Replenishment.projectedStockout(incoming, daily, LeadTimes.ON_TIME))
        .isEqualTo(FIRST.plusDays(6));
    CellHistory empty = Cells.cell(FIRST, units, new long[] {10, 10, 0}, onOrder, truth);
    assertThat(Replenishment.projectedStockout(empty, daily, LeadTimes.ON_TIME))
        .isEqualTo(FIRST.plusDays(2));
    assertThat(Replenishment.projectedStockout(cell, new double[] {1, 1}, LeadTimes.ON_TIME))
        .isNull();
  }

  @Test
  void naiveInventoryIsInterpolatedAtTheSameFillRate() {
    Map<String, Double> metrics =
        Map.of(
            "naive_2w.fill_rate", 0.90,
            "naive_2w.avg_inventory_units", 1000.0,
            "naive_4w.fill_rate", 0.96,
            "naive_4w.avg_inventory_units", 2200.0);
    assertThat(PolicyBacktest.naiveInventoryAt(metrics, new int[] {2, 4}, 0.95))
        .isCloseTo(2000, within(1e-9));
    assertThat(PolicyBacktest.naiveInventoryAt(metrics, new int[] {2, 4}, 0.97)).isNaN();
  }

  @Test
  void censoredDaysAreNotLearntAsNoDemand() {
    int days = 60;
    long[] units = new long[days];
    long[] onHand = new long[days];
    Arrays.fill(units, 4);
    Arrays.fill(onHand, 20);
    for (int d = 30; d < 50; d++) {
      units[d] = 0;
      onHand[d] = 0;
    }
    CellHistory cell = Cells.cell(FIRST, units, onHand);
    DemandModel model = new DemandModel(0.1, 0.1, DemandCalendar.FLAT);
    assertThat(model.learn(cell, days - 1).level()).isCloseTo(4, within(1e-9));
    assertThat(DemandModel.demandClass(cell, days - 1)).isEqualTo("smooth");
    // the replay meets the forecast on the empty-shelf days
    assertThat(model.replayDemand(cell, false)[40]).isEqualTo(4);
    assertThat(model.replayDemand(cell, false)[10]).isEqualTo(4);
  }

  @Test
  void demandClasses() {
    int days = 100;
    long[] onHand = new long[days];
    Arrays.fill(onHand, 50);
    long[] sparse = new long[days];
    for (int d = 0; d < days; d += 4) {
      sparse[d] = 2;
    }
    assertThat(DemandModel.demandClass(Cells.cell(FIRST, sparse, onHand), days - 1))
        .isEqualTo("intermittent");
    long[] lumpy = sparse.clone();
    lumpy[96] = 30;
    assertThat(DemandModel.demandClass(Cells.cell(FIRST, lumpy, onHand), days - 1))
        .isEqualTo("lumpy");
    assertThat(DemandModel.demandClass(Cells.cell(FIRST, new long[days], onHand), days - 1))
        .isEqualTo("no_demand");
    assertThat(DemandModel.demandClass(Cells.cell(FIRST, sparse, onHand), 20)).isEqualTo("new");
  }

  @Test
  void forecastErrorsAgainstTrueDemand() {
    int days = 50;
    long[] units = new long[days];
    long[] onHand = new long[days];
    long[] truth = new long[days];
    Arrays.fill(units, 3);
    Arrays.fill(onHand, 30);
    Arrays.fill(truth, 3);
    for (int d = 20; d < 30; d++) {
      units[d] = 0;
      onHand[d] = 0;
    }
    CellHistory cell = Cells.cell(FIRST, units, onHand, new long[days], truth);
    DemandModel model = new DemandModel(0.1, 0.1, DemandCalendar.FLAT);
    // against the sales: only the weeks that kept stock every day, origins 35 and 42 (day 29 of
    // origin 28's week was empty)
    assertThat(model.errors(cell, 29, 49, false)[0]).isEqualTo(42);
    double[] e = model.errors(cell, 29, 49, true);
    // origins 28, 35 and 42: three weeks of 21 units
    assertThat(e[0]).isEqualTo(63);
    // the model skipped the empty days: exact
    assertThat(e[1]).isCloseTo(0, within(1e-9));
    // the blind one and the moving average learnt zeros from them: both under-forecast
    assertThat(e[4]).isNegative();
    assertThat(e[6]).isNegative();
    assertThat(e[3]).isCloseTo(-e[4], within(1e-9));
  }

  /**
   * A replay meets the sales, whatever the generator says the demand was: its true demand is an
   * evaluation, read only when asked for.
   */
  @Test
  void theTrueDemandIsReplayedOnlyWhenAskedFor() {
    int days = 20;
    long[] units = new long[days];
    long[] onHand = new long[days];
    long[] truth = new long[days];
    Arrays.fill(units, 3);
    Arrays.fill(onHand, 30);
    Arrays.fill(truth, 9);
    CellHistory cell = Cells.cell(FIRST, units, onHand, new long[days], truth);
    DemandModel model = new DemandModel(0.1, 0.1, DemandCalendar.FLAT);
    assertThat(model.replayDemand(cell, false)).containsOnly(3);
    assertThat(model.replayDemand(cell, true)).containsOnly(9);
  }

  private static Replay.Orderer never() {
    return new Replay.Orderer() {
      @Override
      public void observe(LocalDate day, long sold, boolean inStock) {}

      @Override
      public long order(LocalDate day, long position) {
        return 0;
      }
    };
  }
}
