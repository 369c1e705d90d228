package io.livecart.jobs.generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The versions of every order line still to be sent. A line is re-sent whenever its status changes
 * (created, paid, shipped, completed; or cancelled when unpaid; refunded days or weeks later), each
 * version in the landing file of the business day of its {@code updated_at}.
 */
final class OrderBook {
  /** One version of one order line. */
  record Version(
      Attempt order,
      int line,
      int lineNo,
      String status,
      long createdAt,
      long updatedAt,
      long paidAt,
      long refundCents) {}

  private static final Comparator<Version> FILE_ORDER =
      Comparator.comparingLong(Version::updatedAt)
          .thenComparing(v -> v.order().orderId)
          .thenComparingInt(Version::lineNo);

  private final BusinessTime time;
  private final TreeMap<Integer, List<Version>> pending = new TreeMap<>();

  OrderBook(BusinessTime time) {
    this.time = time;
  }

  /** Schedules every version of the day's new orders. */
  void add(int day, List<Attempt> orders) {
    for (Attempt order : orders) {
      long created = time.epochSecond(day, order.second);
      long paid = created + order.payDelay;
      long shipped = paid + order.shipLag;
      long completed = shipped + order.completeLag;
      int lineNo = 0;
      for (int line = 0; line < order.sku.length; line++) {
        if (!order.sold[line]) {
          continue;
        }
        lineNo++;
        schedule(new Version(order, line, lineNo, "created", created, created, -1, 0));
        if (!order.paid) {
          schedule(new Version(order, line, lineNo, "cancelled", created, created + 1800, -1, 0));
          continue;
        }
        schedule(new Version(order, line, lineNo, "paid", created, paid, paid, 0));
        long refund = order.refundCents[line];
        long refundedAt = paid + order.refundLag[line];
        if (refund > 0 && refundedAt < shipped) {
          schedule(new Version(order, line, lineNo, "refunded", created, refundedAt, paid, refund));
          continue;
        }
        schedule(new Version(order, line, lineNo, "shipped", created, shipped, paid, 0));
        if (refund == 0 || refundedAt >= completed) {
          schedule(new Version(order, line, lineNo, "completed", created, completed, paid, 0));
        }
        if (refund > 0) {
          schedule(
              new Version(
                  order,
                  line,
                  lineNo,
                  "refunded",
                  created,
                  Math.max(refundedAt, shipped + 1),
                  paid,
                  refund));
        }
      }
    }
  }

  private void schedule(Version version) {
    pending.computeIfAbsent(time.day(version.updatedAt()), d -> new ArrayList<>()).add(version);
  }

  /** Removes and returns the versions due on {@code day} in file order. */
  List<Version> due(int day) {
    pending.headMap(day).clear();
    List<Version> versions = pending.remove(day);
    if (versions == null) {
      return List.of();
    }
    versions.sort(FILE_ORDER);
    return versions;
  }
}
