package io.livecart.jobs.generate;

/**
 * One broadcast (场次) of a day. Times are seconds after the business day's midnight.
 *
 * @param index position in the day's list of sessions
 * @param featuredSkus the SKUs on the session's shelf (小黄车)
 * @param featuredCumulative cumulative pick weights of {@code featuredSkus}
 * @param paidShare share of the session's viewers bought with ads
 */
record LiveSession(
    String id,
    int index,
    int day,
    int room,
    int anchor,
    String theme,
    int scheduledStart,
    int scheduledEnd,
    int actualStart,
    int actualEnd,
    int[] featuredSkus,
    double[] featuredCumulative,
    double paidShare,
    double pull) {

  int duration() {
    return actualEnd - actualStart;
  }
}
