package io.livecart.jobs.generate;

import io.livecart.core.landing.Source;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Writes a day's low-volume sources: orders (every version due that day), the products that
 * changed, the users who registered, live sessions (those aired, and the schedule a week ahead), ad
 * spend per session and channel, and the evening inventory snapshot.
 */
final class DayWriter {
  private static final int SCHEDULE_AHEAD_DAYS = 7;

  private final World world;
  private final Catalog catalog;
  private final Inventory inventory;
  private final Schedule schedule;
  private final BusinessTime time;

  DayWriter(
      World world, Catalog catalog, Inventory inventory, Schedule schedule, BusinessTime time) {
    this.world = world;
    this.catalog = catalog;
    this.inventory = inventory;
    this.schedule = schedule;
    this.time = time;
  }

  void write(
      DayContext context,
      LandingDay landing,
      List<OrderBook.Version> versions,
      List<Integer> repriced,
      long[] paidVisits) {
    boolean firstDay = context.day == world.start.toEpochDay();
    orders(landing.writer(Source.ORDERS, 0), versions);
    LandingDay.RowWriter products = landing.writer(Source.PRODUCTS, 0);
    IntStream skus =
        firstDay ? IntStream.range(0, world.skus()) : repriced.stream().mapToInt(Integer::intValue);
    long productTime = time.epochSecond(context.day, firstDay ? 6 * 3600 : 9 * 3600);
    skus.forEach(sku -> products.write(product(sku, productTime)));
    users(landing.writer(Source.USERS, 0), context.day, firstDay);
    liveSessions(landing.writer(Source.LIVE_SESSIONS, 0), context, firstDay);
    adSpend(landing.writer(Source.AD_SPEND, 0), context, paidVisits);
    inventorySnapshot(landing.writer(Source.INVENTORY, 0), context.date);
  }

  private void orders(LandingDay.RowWriter out, List<OrderBook.Version> versions) {
    for (OrderBook.Version v : versions) {
      Attempt order = v.order();
      int line = v.line();
      LiveSession session = order.session;
      out.write(
          new Object[] {
            order.orderId,
            v.lineNo(),
            World.userId(order.user),
            World.skuId(order.sku[line]),
            order.quantity[line],
            new Money(order.unitPriceCents[line]),
            new Money(order.discountCents[line]),
            new Money(order.payCents(line)),
            new Money(v.refundCents()),
            v.status(),
            time.format(v.createdAt()),
            v.paidAt() < 0 ? null : time.format(v.paidAt()),
            time.format(v.updatedAt()),
            session == null ? null : session.id(),
            order.trafficSource,
            order.couponId,
            World.PLATFORMS[
                session == null
                    ? world.roomPlatform[world.favoriteRoom[order.user]]
                    : world.roomPlatform[session.room()]],
            World.PROVINCES[world.province[order.user]]
          });
    }
  }

  private Object[] product(int sku, long updatedAt) {
    return new Object[] {
      World.skuId(sku),
      Text.padded("SPU", world.skuSpu[sku] + 1, 5),
      world.skuName(sku),
      World.CATEGORIES[world.skuCategory[sku]][0],
      World.CATEGORIES[world.skuCategory[sku]][1],
      world.brand(sku),
      new Money(catalog.listPriceCents(sku)),
      new Money(world.skuCostCents[sku]),
      Text.padded("SUP", world.skuSupplier[sku], 3),
      world.skuLeadTime[sku],
      world.skuCasePack[sku],
      world.skuMoq[sku],
      time.format(updatedAt)
    };
  }

  private void users(LandingDay.RowWriter out, int day, boolean firstDay) {
    for (int user = 0; user < world.users(); user++) {
      int registered = world.registeredDay[user];
      if (registered == day || (firstDay && registered < day)) {
        out.write(
            new Object[] {
              World.userId(user),
              time.format(time.epochSecond(registered, world.registeredSecond[user])),
              World.TIERS[world.tier[user]],
              World.PROVINCES[world.province[user]],
              world.phone(user)
            });
      }
    }
  }

  /**
   * The schedule a week ahead (on the first day, the whole first week, published before the
   * morning's first session), then the sessions that aired: each version after the one it replaces.
   */
  private void liveSessions(LandingDay.RowWriter out, DayContext context, boolean firstDay) {
    long published = time.epochSecond(context.day, (firstDay ? 6 : 10) * 3600);
    for (int ahead = firstDay ? 0 : SCHEDULE_AHEAD_DAYS; ahead <= SCHEDULE_AHEAD_DAYS; ahead++) {
      for (LiveSession s : schedule.sessionsOn(context.day + ahead)) {
        out.write(sessionRow(s, false, published));
      }
    }
    for (LiveSession s : context.sessions) {
      out.write(sessionRow(s, true, time.epochSecond(s.day(), s.actualEnd()) + 60));
    }
  }

  private Object[] sessionRow(LiveSession s, boolean aired, long updatedAt) {
    return new Object[] {
      s.id(),
      World.roomId(s.room()),
      World.anchorId(s.anchor()),
      World.PLATFORMS[world.roomPlatform[s.room()]],
      s.theme(),
      time.format(time.epochSecond(s.day(), s.scheduledStart())),
      time.format(time.epochSecond(s.day(), s.scheduledEnd())),
      aired ? time.format(time.epochSecond(s.day(), s.actualStart())) : null,
      aired ? time.format(time.epochSecond(s.day(), s.actualEnd())) : null,
      time.format(updatedAt)
    };
  }

  /**
   * Ad spend that bought the session's paid viewers: clicks from paid visits (80% of clicks enter),
   * impressions from a click-through rate of 1.5-4%, spend from a CPM of 40-80 CNY, split 70/30
   * between feed ads (qianchuan) and boosts (dou_plus).
   */
  private void adSpend(LandingDay.RowWriter out, DayContext context, long[] paidVisits) {
    for (LiveSession s : context.sessions) {
      if (paidVisits[s.index()] == 0) {
        continue;
      }
      SplittableRandom rng = Rng.of(world.seed, Rng.ADS, s.room(), context.day * 4L + s.index());
      long clicks = Math.round(paidVisits[s.index()] / 0.8);
      long impressions = Math.round(clicks / (0.015 + 0.025 * rng.nextDouble()));
      double cpmCents = 4000 + 4000 * rng.nextDouble();
      long feedImpressions = Math.round(impressions * 0.7);
      long feedClicks = Math.round(clicks * 0.7);
      out.write(
          new Object[] {
            context.date.toString(),
            s.id(),
            "qianchuan",
            new Money(Math.round(feedImpressions * cpmCents / 1000)),
            feedImpressions,
            feedClicks
          });
      out.write(
          new Object[] {
            context.date.toString(),
            s.id(),
            "dou_plus",
            new Money(Math.round((impressions - feedImpressions) * cpmCents / 1000)),
            impressions - feedImpressions,
            clicks - feedClicks
          });
    }
  }

  private void inventorySnapshot(LandingDay.RowWriter out, LocalDate date) {
    int warehouses = inventory.warehouses();
    for (int cell = 0; cell < world.skus() * warehouses; cell++) {
      out.write(
          new Object[] {
            date.toString(),
            World.skuId(cell / warehouses),
            World.WAREHOUSES[cell % warehouses],
            inventory.onHand(cell),
            inventory.onOrder(cell)
          });
    }
  }
}
