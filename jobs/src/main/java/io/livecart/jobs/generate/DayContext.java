package io.livecart.jobs.generate;

import io.livecart.core.calendar.BusinessCalendar;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** What every user's simulation of one day shares: the calendar factors and the sessions. */
final class DayContext {
  final int day;
  final LocalDate date;
  final String compactDate;
  final double trafficFactor;
  final double purchaseFactor;
  final boolean festival;
  final List<LiveSession> sessions;

  /** Per room, the index of its main (last) session today, or -1. */
  final int[] roomSession;

  final double[] sessionPullCumulative;
  final double[] skuCumulative;

  DayContext(int day, List<LiveSession> sessions, int rooms, double[] skuCumulative) {
    this.day = day;
    this.date = LocalDate.ofEpochDay(day);
    this.compactDate = date.toString().replace("-", "");
    this.trafficFactor = BusinessCalendar.trafficFactor(date);
    this.purchaseFactor = BusinessCalendar.purchaseFactor(date);
    this.festival = BusinessCalendar.festival(date).isPresent();
    this.sessions = sessions;
    this.roomSession = new int[rooms];
    Arrays.fill(roomSession, -1);
    double[] pulls = new double[sessions.size()];
    for (LiveSession session : sessions) {
      roomSession[session.room()] = session.index();
      pulls[session.index()] = session.pull();
    }
    this.sessionPullCumulative = Rng.cumulative(pulls);
    this.skuCumulative = skuCumulative;
  }

  /** A session for a viewer or buyer whose favourite room is {@code favoriteRoom}, or null. */
  LiveSession chooseSession(SplittableRandom rng, int favoriteRoom) {
    if (sessions.isEmpty()) {
      return null;
    }
    if (rng.nextDouble() < 0.55 && roomSession[favoriteRoom] >= 0) {
      return sessions.get(roomSession[favoriteRoom]);
    }
    return sessions.get(Rng.pick(rng, sessionPullCumulative));
  }
}
