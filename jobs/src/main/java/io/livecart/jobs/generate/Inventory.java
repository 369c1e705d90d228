package io.livecart.jobs.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Stock per SKU and warehouse, run by the merchant's own simple policy: each evening, when stock on
 * hand plus on order falls below (lead time + 4) days of its smoothed sales, it orders up to (lead
 * time + 25) days, rounded up to the case pack and at least the MOQ. Suppliers deliver in 0.85-1.5
 * x the lead time. The smoothing sees sales, not demand, so festivals and slow suppliers cause
 * stock-outs; demand while out of stock is lost.
 */
final class Inventory {
  private final World world;
  private final int warehouses = World.WAREHOUSES.length;
  private final long[] onHand;
  private final long[] onOrder;
  private final double[] smoothedSales;
  private final TreeMap<Integer, List<long[]>> arrivals = new TreeMap<>();

  // Today's truth, by SKU x warehouse.
  final long[] demand;
  final long[] sold;
  final long[] received;
  final long[] onHandStart;

  Inventory(World world) {
    this.world = world;
    int cells = world.skus() * warehouses;
    onHand = new long[cells];
    onOrder = new long[cells];
    smoothedSales = new double[cells];
    demand = new long[cells];
    sold = new long[cells];
    received = new long[cells];
    onHandStart = new long[cells];
    double totalPopularity = world.skuPopularityCumulative[world.skus() - 1];
    double[] warehouseShare = warehouseShares();
    // Expected units a day over the whole catalogue: users x alive share x rate x lines x units.
    double unitsPerDay = world.users() * 0.5 * 0.75 / 30 * 1.25 * 1.25;
    for (int sku = 0; sku < world.skus(); sku++) {
      SplittableRandom rng = Rng.of(world.seed, Rng.INVENTORY, sku, -1);
      for (int w = 0; w < warehouses; w++) {
        double expected =
            unitsPerDay * world.skuPopularity[sku] / totalPopularity * warehouseShare[w];
        int cell = sku * warehouses + w;
        smoothedSales[cell] = expected;
        onHand[cell] =
            Math.round(expected * (world.skuLeadTime[sku] + 14) * (0.7 + 0.6 * rng.nextDouble()))
                + world.skuCasePack[sku];
      }
    }
  }

  private double[] warehouseShares() {
    double[] share = new double[warehouses];
    for (int user = 0; user < world.users(); user++) {
      share[world.warehouseOf(user)]++;
    }
    for (int w = 0; w < warehouses; w++) {
      share[w] /= world.users();
    }
    return share;
  }

  /** Receives the deliveries due today and resets today's counters. */
  void startDay(int day) {
    java.util.Arrays.fill(demand, 0);
    java.util.Arrays.fill(sold, 0);
    java.util.Arrays.fill(received, 0);
    List<long[]> due = arrivals.remove(day);
    if (due != null) {
      for (long[] delivery : due) {
        int cell = (int) delivery[0];
        onHand[cell] += delivery[1];
        onOrder[cell] -= delivery[1];
        received[cell] += delivery[1];
      }
    }
    System.arraycopy(onHand, 0, onHandStart, 0, onHand.length);
  }

  /** A paying buyer asks for {@code units}: true and taken from stock if all are there. */
  boolean take(int sku, int warehouse, int units) {
    int cell = sku * warehouses + warehouse;
    demand[cell] += units;
    if (onHand[cell] < units) {
      return false;
    }
    onHand[cell] -= units;
    sold[cell] += units;
    return true;
  }

  /** Whether an order that will not be paid could be placed (it reserves nothing). */
  boolean available(int sku, int warehouse, int units) {
    return onHand[sku * warehouses + warehouse] >= units;
  }

  /** The merchant's evening review: smooth sales, place purchase orders. */
  void endDay(int day) {
    for (int sku = 0; sku < world.skus(); sku++) {
      int lead = world.skuLeadTime[sku];
      SplittableRandom rng = null;
      for (int w = 0; w < warehouses; w++) {
        int cell = sku * warehouses + w;
        smoothedSales[cell] = 0.9 * smoothedSales[cell] + 0.1 * sold[cell];
        long position = onHand[cell] + onOrder[cell];
        if (position >= smoothedSales[cell] * (lead + 4)) {
          continue;
        }
        long needed = (long) Math.ceil(smoothedSales[cell] * (lead + 25)) - position;
        int pack = world.skuCasePack[sku];
        long units = Math.max(world.skuMoq[sku], (Math.max(1, needed) + pack - 1) / pack * pack);
        if (rng == null) {
          rng = Rng.of(world.seed, Rng.INVENTORY, sku, day);
        }
        int arrival = day + Math.max(1, (int) Math.round(lead * (0.85 + 0.65 * rng.nextDouble())));
        onOrder[cell] += units;
        arrivals.computeIfAbsent(arrival, d -> new ArrayList<>()).add(new long[] {cell, units});
      }
    }
  }

  long onHand(int cell) {
    return onHand[cell];
  }

  long onOrder(int cell) {
    return onOrder[cell];
  }

  int warehouses() {
    return warehouses;
  }
}
