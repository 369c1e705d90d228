package io.livecart.jobs.generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Who tries to buy what each day (drawn per user from the user's latent rate and the calendar), and
 * which of those attempts become orders once stock is checked.
 */
final class Commerce {
  static final double PAY_SHARE = 0.92;
  private static final double LIVE_SHARE = 0.75;
  private static final String[] NON_LIVE_SOURCES = {
    "short_video", "search", "private_domain", "other"
  };
  private static final double[] NON_LIVE_WEIGHTS = Rng.cumulative(new double[] {50, 30, 12, 8});
  static final String[] VISIT_CHANNELS = {
    "natural", "short_video", "private_domain", "search", "other"
  };
  static final double[] VISIT_WEIGHTS = Rng.cumulative(new double[] {50, 25, 10, 10, 5});

  /** Relative orders by hour of day outside live rooms: a lunch bump and an evening peak. */
  private static final double[] HOURS =
      Rng.cumulative(
          new double[] {
            1.0, 0.6, 0.3, 0.2, 0.2, 0.3, 0.6, 1.2, 1.8, 2.2, 2.5, 2.6, 3.0, 2.8, 2.5, 2.5, 2.6,
            2.8, 3.2, 4.2, 5.2, 5.5, 4.6, 2.6
          });

  private static final long[] COUPON_CENTS = {500, 1000, 2000};

  private final World world;
  private final Catalog catalog;

  Commerce(World world, Catalog catalog) {
    this.world = world;
    this.catalog = catalog;
  }

  /** Purchase attempts of users {@code [from, to)} on the context's day, in user order. */
  List<Attempt> attempts(DayContext context, int from, int to) {
    List<Attempt> attempts = new ArrayList<>();
    for (int user = from; user < to; user++) {
      if (!world.alive(user, context.day)) {
        continue;
      }
      SplittableRandom rng = Rng.of(world.seed, Rng.PURCHASES, user, context.day);
      int count = Rng.poisson(rng, world.rate30[user] / 30.0 * context.purchaseFactor);
      for (int seq = 0; seq < count; seq++) {
        attempts.add(attempt(rng, context, user, seq));
      }
    }
    return attempts;
  }

  private Attempt attempt(SplittableRandom rng, DayContext context, int user, int seq) {
    LiveSession session =
        rng.nextDouble() < LIVE_SHARE ? context.chooseSession(rng, world.favoriteRoom[user]) : null;
    int second;
    String source;
    if (session != null) {
      second = session.actualStart() + rng.nextInt(Math.max(1, session.duration() - 60));
      source =
          rng.nextDouble() < session.paidShare()
              ? "paid_ads"
              : Commerce.VISIT_CHANNELS[Rng.pick(rng, VISIT_WEIGHTS)];
    } else {
      second = Rng.pick(rng, HOURS) * 3600 + rng.nextInt(3600);
      source = NON_LIVE_SOURCES[Rng.pick(rng, NON_LIVE_WEIGHTS)];
    }
    int lines = 1 + (rng.nextDouble() < 0.2 ? 1 : 0) + (rng.nextDouble() < 0.05 ? 1 : 0);
    int[] sku = new int[lines];
    int[] quantity = new int[lines];
    long[] price = new long[lines];
    long[] discount = new long[lines];
    long[] refund = new long[lines];
    int[] refundLag = new int[lines];
    for (int line = 0; line < lines; line++) {
      sku[line] = distinctSku(rng, context, session, sku, line);
      double q = rng.nextDouble();
      quantity[line] = q < 0.8 ? 1 : q < 0.95 ? 2 : 3;
      price[line] = catalog.sellingPriceCents(sku[line], context.day, context.festival);
      double refundChance =
          (World.CATEGORIES[world.skuCategory[sku[line]]][0].equals("服饰内衣") ? 0.18 : 0.06)
              * (context.festival ? 1.4 : 1.0);
      if (rng.nextDouble() < refundChance) {
        long pay = price[line] * quantity[line];
        refund[line] =
            rng.nextDouble() < 0.85
                ? pay
                : Math.max(1, Math.round(pay * (0.3 + 0.4 * rng.nextDouble())));
        refundLag[line] =
            (int) Math.min(30 * 86_400L, Math.round(Rng.logNormal(rng, 4 * 86_400, 0.8)));
      }
    }
    String coupon = null;
    if (rng.nextDouble() < (session != null ? 0.3 : 0.12)) {
      coupon =
          session != null
              ? "CPN" + World.roomId(session.room()) + context.compactDate
              : "CPN-PLAT-" + context.compactDate.substring(0, 6);
      long cap = price[0] * quantity[0] * 3 / 10;
      discount[0] = Math.min(cap, COUPON_CENTS[rng.nextInt(COUPON_CENTS.length)]);
      refund[0] = Math.min(refund[0], price[0] * quantity[0] - discount[0]);
    }
    boolean paid = rng.nextDouble() < PAY_SHARE;
    int payDelay = 5 + rng.nextInt(600);
    int shipLag = 8 * 3600 + rng.nextInt(3 * 86_400);
    int completeLag = 3 * 86_400 + rng.nextInt(7 * 86_400);
    return new Attempt(
        user,
        seq,
        second,
        session,
        source,
        coupon,
        paid,
        payDelay,
        shipLag,
        completeLag,
        sku,
        quantity,
        price,
        discount,
        refund,
        refundLag);
  }

  /** A SKU not yet in the order's first {@code lines} lines (one order line per SKU). */
  private int distinctSku(
      SplittableRandom rng, DayContext context, LiveSession session, int[] chosen, int lines) {
    int candidate = -1;
    for (int attempt = 0; attempt < 8; attempt++) {
      candidate =
          session != null
              ? session.featuredSkus()[Rng.pick(rng, session.featuredCumulative())]
              : Rng.pick(rng, context.skuCumulative);
      if (!contains(chosen, lines, candidate)) {
        return candidate;
      }
    }
    while (contains(chosen, lines, candidate)) {
      candidate = (candidate + 1) % world.skus();
    }
    return candidate;
  }

  private static boolean contains(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks stock for the day's attempts in time order and names the orders that come of them:
   * {@code O<yyyymmdd><6-digit sequence>}. Returns the attempts that became orders.
   */
  List<Attempt> settle(DayContext context, List<Attempt> attempts, Inventory inventory) {
    attempts.sort(
        Comparator.comparingInt((Attempt a) -> a.second)
            .thenComparingInt(a -> a.user)
            .thenComparingInt(a -> a.seq));
    List<Attempt> orders = new ArrayList<>();
    for (Attempt attempt : attempts) {
      int warehouse = world.warehouseOf(attempt.user);
      for (int line = 0; line < attempt.sku.length; line++) {
        attempt.sold[line] =
            attempt.paid
                ? inventory.take(attempt.sku[line], warehouse, attempt.quantity[line])
                : inventory.available(attempt.sku[line], warehouse, attempt.quantity[line]);
      }
      if (attempt.anySold()) {
        attempt.orderId = "O" + context.compactDate + Text.padded("", orders.size() + 1, 6);
        orders.add(attempt);
      }
    }
    return orders;
  }
}
