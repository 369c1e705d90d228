package io.livecart.jobs.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes who watched which live session and what they did there, for a range of users on one day.
 * Alive users visit with their own activity scaled by the day's traffic; users who are gone rarely
 * come back. Watch time is heavy-tailed (log-normal, median three minutes); interactions grow with
 * it; the funnel product click, add-to-cart, order, pay follows each purchase attempt made in a
 * live room, and casual viewers click and abandon carts too.
 */
final class Audience {
  private static final String[] EVENT_TYPES = {
    "like", "comment", "share", "follow", "coupon_claim", "lucky_bag", "gift", "product_click"
  };
  private static final double[] EVENT_WEIGHTS =
      Rng.cumulative(new double[] {52, 22, 5, 3, 6, 5, 3, 4});
  private static final String[] COMMENTS = {
    "多少钱", "怎么买", "有优惠吗", "链接在哪", "已下单", "质量怎么样", "发什么快递", "主播好美", "有没有小码", "什么时候发货",
    "好用吗", "回购了", "太贵了", "能便宜点吗", "想要", "上链接", "已拍", "包邮吗", "福袋什么时候开", "讲解一下成分"
  };

  private final World world;

  Audience(World world) {
    this.world = world;
  }

  /** An event of a visit, kept until the visit's events are sorted by time. */
  private record Event(int second, String type, int sku, String text) {}

  /**
   * Writes the visits and interactions of users {@code [from, to)}.
   *
   * @param buys the day's live-room purchase attempts by user
   * @param paidVisits per session index, incremented for each visit that came from ads
   */
  void write(
      DayContext context,
      int from,
      int to,
      Map<Integer, List<Attempt>> buys,
      BusinessTime time,
      LandingDay.RowWriter viewing,
      LandingDay.RowWriter interactions,
      long[] paidVisits) {
    if (context.sessions.isEmpty()) {
      return;
    }
    for (int user = from; user < to; user++) {
      if (world.registeredDay[user] > context.day) {
        continue;
      }
      SplittableRandom rng = Rng.of(world.seed, Rng.AUDIENCE, user, context.day);
      EventIds ids = new EventIds(context.compactDate, user);
      List<Attempt> attempts = buys.getOrDefault(user, List.of());
      for (Attempt attempt : attempts) {
        visit(
            rng,
            context,
            user,
            attempt.session,
            attempt,
            attempt.trafficSource,
            time,
            viewing,
            interactions,
            ids,
            paidVisits);
      }
      double chance =
          world.activity[user]
              * context.trafficFactor
              * (world.alive(user, context.day) ? 1.0 : 0.06);
      int casual =
          rng.nextDouble() < Math.min(0.95, chance) ? (rng.nextDouble() < 0.15 ? 2 : 1) : 0;
      for (int v = 0; v < casual; v++) {
        LiveSession session = context.chooseSession(rng, world.favoriteRoom[user]);
        String channel =
            rng.nextDouble() < session.paidShare()
                ? "paid_ads"
                : Commerce.VISIT_CHANNELS[Rng.pick(rng, Commerce.VISIT_WEIGHTS)];
        visit(
            rng,
            context,
            user,
            session,
            null,
            channel,
            time,
            viewing,
            interactions,
            ids,
            paidVisits);
      }
    }
  }

  private void visit(
      SplittableRandom rng,
      DayContext context,
      int user,
      LiveSession session,
      Attempt attempt,
      String channel,
      BusinessTime time,
      LandingDay.RowWriter viewing,
      LandingDay.RowWriter interactions,
      EventIds ids,
      long[] paidVisits) {
    int watch = (int) Math.max(5, Math.min(6 * 3600, Rng.logNormal(rng, 180, 1.2)));
    int enter;
    int leave;
    if (attempt != null) {
      enter = Math.max(session.actualStart(), attempt.second - 120 - rng.nextInt(1800));
      leave =
          Math.min(
              session.actualEnd(), Math.max(attempt.second + 30 + rng.nextInt(300), enter + watch));
    } else {
      double position = Math.pow(rng.nextDouble(), 1.3);
      enter = session.actualStart() + (int) (position * Math.max(1, session.duration() - 60));
      leave = Math.min(session.actualEnd(), enter + watch);
    }
    if (channel.equals("paid_ads")) {
      synchronized (paidVisits) {
        paidVisits[session.index()]++;
      }
    }
    String sessionId = session.id();
    String userId = World.userId(user);
    // One visit in eight leaves and comes back: two viewing rows for one viewer.
    int comeBack = rng.nextDouble() < 0.12 ? leave + 60 + rng.nextInt(1200) : -1;
    int comeBackLeave =
        comeBack >= 0
            ? Math.min(session.actualEnd(), comeBack + (int) Rng.logNormal(rng, 120, 1.0))
            : -1;
    viewing.write(viewingRow(sessionId, userId, context.day, enter, leave, channel, time));
    if (comeBack >= 0 && comeBack < comeBackLeave) {
      viewing.write(
          viewingRow(sessionId, userId, context.day, comeBack, comeBackLeave, channel, time));
    }

    List<Event> events = new ArrayList<>();
    double minutes = (leave - enter) / 60.0;
    int count = Math.min(300, Rng.poisson(rng, 0.9 * Math.pow(minutes, 0.9)));
    for (int i = 0; i < count; i++) {
      String type = EVENT_TYPES[Rng.pick(rng, EVENT_WEIGHTS)];
      int second = enter + rng.nextInt(Math.max(1, leave - enter));
      int sku = type.equals("product_click") ? shelfPick(rng, session) : -1;
      String text = type.equals("comment") ? COMMENTS[rng.nextInt(COMMENTS.length)] : null;
      events.add(new Event(second, type, sku, text));
    }
    if (attempt != null) {
      for (int line = 0; line < attempt.sku.length; line++) {
        int click = Math.max(enter, attempt.second - 30 - rng.nextInt(600));
        events.add(new Event(click, "product_click", attempt.sku[line], null));
        if (attempt.sold[line]) {
          events.add(
              new Event(
                  Math.max(click, attempt.second - 1 - rng.nextInt(30)),
                  "add_to_cart",
                  attempt.sku[line],
                  null));
        }
      }
      if (attempt.couponId != null) {
        events.add(
            new Event(
                Math.max(enter, attempt.second - 60 - rng.nextInt(300)), "coupon_claim", -1, null));
      }
    } else if (rng.nextDouble() < 1 - Math.exp(-minutes / 12.0)) {
      int sku = shelfPick(rng, session);
      int click = enter + rng.nextInt(Math.max(1, leave - enter));
      events.add(new Event(click, "product_click", sku, null));
      if (rng.nextDouble() < 0.28) {
        events.add(
            new Event(Math.min(leave, click + 5 + rng.nextInt(120)), "add_to_cart", sku, null));
      }
    }
    events.sort(java.util.Comparator.comparingInt(Event::second));
    for (Event event : events) {
      interactions.write(
          new Object[] {
            ids.next(),
            sessionId,
            userId,
            event.type(),
            event.sku() >= 0 ? World.skuId(event.sku()) : null,
            time.format(time.epochSecond(context.day, event.second())),
            event.text()
          });
    }
  }

  private static Object[] viewingRow(
      String sessionId,
      String userId,
      int day,
      int enter,
      int leave,
      String channel,
      BusinessTime time) {
    return new Object[] {
      sessionId,
      userId,
      time.format(time.epochSecond(day, enter)),
      time.format(time.epochSecond(day, leave)),
      channel
    };
  }

  private static int shelfPick(SplittableRandom rng, LiveSession session) {
    return session.featuredSkus()[Rng.pick(rng, session.featuredCumulative())];
  }

  /** Event ids unique per user and day: E + yyyymmdd + user index + sequence. */
  private static final class EventIds {
    private final String prefix;
    private int next;

    EventIds(String compactDate, int user) {
      this.prefix = "E" + compactDate + Text.padded("", user + 1, 8);
    }

    String next() {
      return Text.padded(prefix, ++next, 4);
    }
  }
}
