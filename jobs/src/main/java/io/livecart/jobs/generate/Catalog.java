package io.livecart.jobs.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * The SKU state that moves over time: list prices (a few SKUs are repriced each day, which the
 * products feed re-sends) and weekly promotions (15% off, demand lifted).
 */
final class Catalog {
  static final double PROMO_LIFT = 1.7;

  private final World world;
  private final long[] priceCents;

  Catalog(World world) {
    this.world = world;
    this.priceCents = world.skuBasePriceCents.clone();
  }

  /** Applies the day's repricings; returns the SKUs whose master row changed. */
  List<Integer> advance(int day) {
    List<Integer> changed = new ArrayList<>();
    for (int sku = 0; sku < priceCents.length; sku++) {
      double u = Rng.uniform(world.seed, Rng.CATALOG, sku, day);
      if (u < 0.004) {
        double factor = 0.88 + 0.27 * (u / 0.004);
        priceCents[sku] =
            Math.max(90, Math.round(world.skuBasePriceCents[sku] * factor / 100.0) * 100 - 10);
        changed.add(sku);
      }
    }
    return changed;
  }

  long listPriceCents(int sku) {
    return priceCents[sku];
  }

  boolean onPromotion(int sku, int day) {
    return Rng.uniform(world.seed, Rng.CATALOG + 100, sku, Math.floorDiv(day, 7)) < 0.08;
  }

  /** The price a buyer pays per unit on {@code day}, before coupons. */
  long sellingPriceCents(int sku, int day, boolean festival) {
    double factor = (onPromotion(sku, day) ? 0.85 : 1.0) * (festival ? 0.9 : 1.0);
    return Math.max(1, Math.round(priceCents[sku] * factor));
  }

  /** Cumulative pick weights of all SKUs on {@code day}: popularity lifted by promotions. */
  double[] dayCumulative(int day) {
    double[] weights = new double[priceCents.length];
    for (int sku = 0; sku < weights.length; sku++) {
      weights[sku] = world.skuPopularity[sku] * (onPromotion(sku, day) ? PROMO_LIFT : 1.0);
    }
    return Rng.cumulative(weights);
  }
}
