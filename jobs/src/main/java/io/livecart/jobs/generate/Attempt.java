package io.livecart.jobs.generate;

/**
 * A user's intention to buy at a moment of a day: one order of one or more lines. Drawn before
 * stock is checked; {@link Inventory} then decides which lines are {@link #sold} (a line whose SKU
 * is out of stock at the user's warehouse is lost demand: no order row, but the click stays in the
 * interaction log).
 */
final class Attempt {
  final int user;
  final int seq;
  final int second;

  /** Null for a purchase outside live rooms (short video, search, shop page). */
  final LiveSession session;

  final String trafficSource;
  final String couponId;
  final boolean paid;
  final int payDelay;
  final int shipLag;
  final int completeLag;
  final int[] sku;
  final int[] quantity;
  final long[] unitPriceCents;
  final long[] discountCents;

  /** Refund per line in cents; 0 when the line is not refunded. */
  final long[] refundCents;

  final int[] refundLag;
  final boolean[] sold;
  String orderId;

  Attempt(
      int user,
      int seq,
      int second,
      LiveSession session,
      String trafficSource,
      String couponId,
      boolean paid,
      int payDelay,
      int shipLag,
      int completeLag,
      int[] sku,
      int[] quantity,
      long[] unitPriceCents,
      long[] discountCents,
      long[] refundCents,
      int[] refundLag) {
    this.user = user;
    this.seq = seq;
    this.second = second;
    this.session = session;
    this.trafficSource = trafficSource;
    this.couponId = couponId;
    this.paid = paid;
    this.payDelay = payDelay;
    this.shipLag = shipLag;
    this.completeLag = completeLag;
    this.sku = sku;
    this.quantity = quantity;
    this.unitPriceCents = unitPriceCents;
    this.discountCents = discountCents;
    this.refundCents = refundCents;
    this.refundLag = refundLag;
    this.sold = new boolean[sku.length];
  }

  boolean anySold() {
    for (boolean s : sold) {
      if (s) {
        return true;
      }
    }
    return false;
  }

  long payCents(int line) {
    return unitPriceCents[line] * quantity[line] - discountCents[line];
  }
}
