package io.livecart.models.replenishment;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * A policy replay of one cell: the past days again, each day's demand met from the stock the policy
 * would have had, each evening's order placed as the policy would have placed it and delivered
 * after a lead time drawn from the deliveries seen ({@link LeadTimes}). Every policy starts from
 * the cell's actual stock and open order, meets the same demand and gets the same delivery times,
 * so what differs is the policy alone.
 */
final class Replay {
  private Replay() {}

  /** What a policy decides each evening, having seen the day. */
  interface Orderer {
    /** The day's sales, and whether the shelf ended the day with stock. */
    void observe(LocalDate day, long sold, boolean inStock);

    /** Units to order tonight, given the inventory position (on hand + on order). */
    long order(LocalDate day, long position);
  }

  /** Sums over cells and measured days. */
  record Totals(
      double demand,
      double served,
      double inventoryUnits,
      double inventoryValue,
      long stockoutDays,
      long cellDays,
      long orders)
      implements Serializable {
    static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0);

    Totals plus(Totals o) {
      return new Totals(
          demand + o.demand,
          served + o.served,
          inventoryUnits + o.inventoryUnits,
          inventoryValue + o.inventoryValue,
          stockoutDays + o.stockoutDays,
          cellDays + o.cellDays,
          orders + o.orders);
    }

    /** Share of demand served from stock (1 without demand). */
    double fillRate() {
      return demand > 0 ? served / demand : 1;
    }
  }

  /**
   * Replays days {@code from..last} of {@code cell} against {@code demand}, measuring from {@code
   * measureFrom}.
   */
  static Totals run(
      CellHistory cell,
      long[] demand,
      int from,
      int measureFrom,
      int last,
      Orderer orderer,
      LeadTimes leadTimes,
      long seed) {
    int promised = cell.leadTimeDays();
    String key = cell.skuId() + "@" + cell.warehouseId();
    double unitCost = cell.unitCost() == null ? 0 : cell.unitCost();
    long onHand = Math.max(0, cell.onHand()[from - 1]);
    long onOrder = Math.max(0, cell.onOrder()[from - 1]);
    Map<Integer, Long> arrivals = new HashMap<>();
    if (onOrder > 0) {
      arrivals.put(expectedArrival(cell, from - 1, leadTimes), onOrder);
    }
    double demanded = 0;
    double served = 0;
    double inventoryUnits = 0;
    long stockoutDays = 0;
    long cellDays = 0;
    long orders = 0;
    for (int d = from; d <= last; d++) {
      long received = arrivals.getOrDefault(d, 0L);
      arrivals.remove(d);
      onHand += received;
      onOrder -= received;
      long wanted = Math.max(0, demand[d]);
      long sold = Math.min(onHand, wanted);
      onHand -= sold;
      LocalDate day = cell.date(d);
      orderer.observe(day, sold, onHand > 0);
      long order = orderer.order(day, onHand + onOrder);
      if (order > 0) {
        arrivals.merge(d + leadTimes.draw(promised, seed, key, d), order, Long::sum);
        onOrder += order;
      }
      if (d >= measureFrom) {
        demanded += wanted;
        served += sold;
        inventoryUnits += onHand;
        stockoutDays += sold < wanted ? 1 : 0;
        cellDays++;
        orders += order > 0 ? 1 : 0;
      }
    }
    return new Totals(
        demanded,
        served,
        inventoryUnits,
        inventoryUnits * unitCost,
        stockoutDays,
        cellDays,
        orders);
  }

  /**
   * When the units on order at the end of day {@code day} should arrive: the expected lead time
   * after the last day on order rose, or tomorrow when that is past.
   */
  static int expectedArrival(CellHistory cell, int day, LeadTimes leadTimes) {
    int lead = leadTimes.expected(cell.leadTimeDays());
    long[] onOrder = cell.onOrder();
    for (int d = day; d > cell.start() && d > day - 3 * lead; d--) {
      if (onOrder[d - 1] != CellHistory.UNKNOWN && onOrder[d] > onOrder[d - 1]) {
        return Math.max(day + 1, d + lead);
      }
    }
    return day + 1;
  }

  /** Our policy: the demand model's forecast, learning as the replayed days come. */
  static Orderer planned(CellHistory cell, DemandModel model, ReorderPolicy policy, Tsb learnt) {
    int lead = cell.leadTimeDays();
    int days = policy.horizonDays(lead);
    double fillRate = policy.fillRate(cell.abcClass());
    return new Orderer() {
      private final Tsb tsb = learnt.copy();

      @Override
      public void observe(LocalDate day, long sold, boolean inStock) {
        if (inStock) {
          tsb.observe(sold / model.calendar().factor(day));
        }
      }

      @Override
      public long order(LocalDate day, long position) {
        return policy
            .decide(
                tsb.level(),
                tsb.sd(),
                tsb.levelShare(),
                model.factors(day, days),
                lead,
                casePack(cell),
                moq(cell),
                fillRate,
                position)
            .order();
      }
    };
  }

  /**
   * The naive policy: when the inventory position is below {@code weeks} weeks of the last 28 days'
   * average sales, order up to it (whole cases, at least the MOQ).
   */
  static Orderer naive(CellHistory cell, int weeks, int from) {
    long[] window = new long[28];
    long sum = 0;
    for (int i = 0; i < 28; i++) {
      int d = from - 28 + i;
      window[i] = d >= 0 ? cell.units()[d] : 0;
      sum += window[i];
    }
    long start = sum;
    return new Orderer() {
      private long total = start;
      private int next;

      @Override
      public void observe(LocalDate day, long sold, boolean inStock) {
        total += sold - window[next];
        window[next] = sold;
        next = (next + 1) % window.length;
      }

      @Override
      public long order(LocalDate day, long position) {
        return ReorderPolicy.naive(
                total / 28.0, weeks, 0, 1, casePack(cell), moq(cell), 0, position)
            .order();
      }
    };
  }

  static int casePack(CellHistory cell) {
    return cell.casePack() == null ? 1 : cell.casePack();
  }

  static int moq(CellHistory cell) {
    return cell.moq() == null ? 0 : cell.moq();
  }
}
