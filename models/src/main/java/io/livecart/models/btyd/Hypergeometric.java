package io.livecart.models.btyd;

/** Gauss's hypergeometric function, the one special function BG/NBD's expectations need. */
final class Hypergeometric {
  private static final int MAX_TERMS = 100_000;

  private Hypergeometric() {}

  /**
   * 2F1(a, b; c; z) for 0 <= z < 1 by its power series, summed until a term no longer moves the
   * sum.
   */
  static double f21(double a, double b, double c, double z) {
    if (z < 0 || z >= 1) {
      throw new IllegalArgumentException("2F1 is summed here for 0 <= z < 1 only, not z=" + z);
    }
    double term = 1;
    double sum = 1;
    for (int n = 0; n < MAX_TERMS; n++) {
      term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
      sum += term;
      if (Math.abs(term) <= 1e-15 * Math.abs(sum)) {
        return sum;
      }
    }
    throw new ArithmeticException("2F1 series did not converge for z=" + z);
  }
}
