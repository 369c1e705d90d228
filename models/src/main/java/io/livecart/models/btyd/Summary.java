package io.livecart.models.btyd;

/**
 * A purchase history as the buy-till-you-die models read it, in any one time unit (weeks for CDNOW,
 * days for the warehouse).
 *
 * @param x repeat purchases: purchase days after the first
 * @param tx time from the first purchase to the last
 * @param age time from the first purchase to the as-of date ({@code T} in the papers)
 * @param customers how many customers share this history (a fit weighs each history by it)
 */
public record Summary(int x, double tx, double age, long customers) {
  public Summary {
    if (x < 0 || tx < 0 || age < tx || customers < 1) {
      throw new IllegalArgumentException(
          "not a purchase history: x=" + x + " tx=" + tx + " T=" + age + " n=" + customers);
    }
  }
}
