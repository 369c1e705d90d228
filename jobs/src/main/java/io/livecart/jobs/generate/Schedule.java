package io.livecart.jobs.generate;

import io.livecart.core.calendar.BusinessCalendar;
import io.livecart.core.calendar.Festival;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which rooms go live on a day, when, with which anchor and which SKUs. A pure function of the
 * world and the day, so a schedule can be published ahead of time: most rooms broadcast every
 * evening (19:00-23:30), some add an afternoon or a morning slot, and on festival peak days every
 * room is live.
 */
final class Schedule {
  private static final String[] THEMES = {"日常专场", "新品首发", "宠粉福利", "品牌日", "清仓特卖"};
  private static final int SHELF_SIZE = 30;

  private final World world;

  Schedule(World world) {
    this.world = world;
  }

  /** The day's sessions in a fixed order (room, then slot). */
  List<LiveSession> sessionsOn(int day) {
    LocalDate date = LocalDate.ofEpochDay(day);
    Optional<Festival> festival = BusinessCalendar.festival(date);
    boolean peak = BusinessCalendar.isPeakDay(date);
    List<LiveSession> sessions = new ArrayList<>();
    for (int room = 0; room < world.rooms(); room++) {
      SplittableRandom rng = Rng.of(world.seed, Rng.SCHEDULE, room, day);
      double liveChance =
          switch (date.getDayOfWeek()) {
            case SATURDAY, SUNDAY -> 0.95;
            default -> 0.82;
          };
      if (!peak && rng.nextDouble() >= liveChance) {
        continue;
      }
      if (rng.nextDouble() < 0.12) {
        sessions.add(
            session(rng, day, room, 'M', 9 * 3600 + 1800, 2 * 3600, festival, sessions.size()));
      }
      if (rng.nextDouble() < 0.3 || peak) {
        sessions.add(
            session(
                rng,
                day,
                room,
                'A',
                14 * 3600 + 1800 * rng.nextInt(3),
                2 * 3600 + 1800 * rng.nextInt(3),
                festival,
                sessions.size()));
      }
      int eveningStart = 19 * 3600 + 1800 * rng.nextInt(4);
      int eveningLength =
          Math.min(3 * 3600 + 1800 * rng.nextInt(4), 23 * 3600 + 1800 - eveningStart);
      sessions.add(
          session(rng, day, room, 'E', eveningStart, eveningLength, festival, sessions.size()));
    }
    return sessions;
  }

  private LiveSession session(
      SplittableRandom rng,
      int day,
      int room,
      char slot,
      int start,
      int length,
      Optional<Festival> festival,
      int index) {
    int anchor = rng.nextDouble() < 0.1 ? rng.nextInt(world.rooms()) : room;
    String theme = festival.map(f -> f.label() + "大促").orElse(THEMES[rng.nextInt(THEMES.length)]);
    int actualStart = start + rng.nextInt(900);
    int actualEnd = Math.min(86_399, start + length + rng.nextInt(1800) - 600);
    int[] shelf = shelf(rng, anchor);
    double[] weights = new double[shelf.length];
    for (int i = 0; i < shelf.length; i++) {
      weights[i] = world.skuPopularity[shelf[i]] * (0.5 + rng.nextDouble());
    }
    double slotPull = slot == 'E' ? 1.0 : slot == 'A' ? 0.35 : 0.2;
    String id =
        "LS" + LocalDate.ofEpochDay(day).toString().replace("-", "") + World.roomId(room) + slot;
    return new LiveSession(
        id,
        index,
        day,
        room,
        anchor,
        theme,
        start,
        start + length,
        actualStart,
        actualEnd,
        shelf,
        Rng.cumulative(weights),
        0.05 + 0.3 * rng.nextDouble(),
        world.anchorPull[anchor] * slotPull);
  }

  private int[] shelf(SplittableRandom rng, int anchor) {
    Set<Integer> picked = new LinkedHashSet<>();
    for (int category : world.anchorCategories[anchor]) {
      int[] candidates = world.skusByCategory[category];
      if (candidates.length == 0) {
        continue;
      }
      double[] cumulative = new double[candidates.length];
      double total = 0;
      for (int i = 0; i < candidates.length; i++) {
        total += world.skuPopularity[candidates[i]];
        cumulative[i] = total;
      }
      for (int draw = 0; draw < SHELF_SIZE && picked.size() < SHELF_SIZE; draw++) {
        picked.add(candidates[Rng.pick(rng, cumulative)]);
      }
    }
    if (picked.isEmpty()) {
      picked.add(Rng.pick(rng, world.skuPopularityCumulative));
    }
    return picked.stream().mapToInt(Integer::intValue).toArray();
  }
}
