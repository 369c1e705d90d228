package io.livecart.jobs.generate;

import java.util.SplittableRandom;

/**
 * Deterministic random streams and the distributions the generator draws from. Every stream is
 * keyed by what it is for (a stream id, an entity, a day), never by call order, so the same world
 * comes out whatever the thread count and whichever days a call generates.
 */
final class Rng {
  static final long USERS = 1;
  static final long SKUS = 2;
  static final long ANCHORS = 3;
  static final long SCHEDULE = 4;
  static final long PURCHASES = 5;
  static final long AUDIENCE = 6;
  static final long INVENTORY = 7;
  static final long CATALOG = 8;
  static final long DIRT = 9;
  static final long ADS = 10;

  private Rng() {}

  /** A stream for {@code (seed, stream, a, b)}. */
  static SplittableRandom of(long seed, long stream, long a, long b) {
    return new SplittableRandom(mix(mix(mix(seed ^ 0x9E3779B97F4A7C15L * stream) + a) + b));
  }

  /** A uniform double in [0, 1) for {@code (seed, stream, a, b)} without creating a stream. */
  static double uniform(long seed, long stream, long a, long b) {
    return (mix(mix(mix(seed ^ 0x9E3779B97F4A7C15L * stream) + a) + b) >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64's finalizer: a bijective 64-bit hash with good avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static int poisson(SplittableRandom rng, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
    }
    double limit = Math.exp(-mean);
    double product = rng.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= rng.nextDouble();
      count++;
    }
    return count;
  }

  static double gaussian(SplittableRandom rng) {
    double u = 1.0 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }

  static double logNormal(SplittableRandom rng, double median, double sigma) {
    return median * Math.exp(sigma * gaussian(rng));
  }

  static double exponential(SplittableRandom rng, double mean) {
    return -mean * Math.log(1.0 - rng.nextDouble());
  }

  /** Gamma(shape, scale) by Marsaglia and Tsang; shape below 1 by the boosting identity. */
  static double gamma(SplittableRandom rng, double shape, double scale) {
    if (shape < 1) {
      return gamma(rng, shape + 1, scale) * Math.pow(rng.nextDouble(), 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x = gaussian(rng);
      double v = 1.0 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rng.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v * scale;
      }
    }
  }

  /** The index drawn from cumulative weights {@code cumulative} (last element is the total). */
  static int pick(SplittableRandom rng, double[] cumulative) {
    double target = rng.nextDouble() * cumulative[cumulative.length - 1];
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > target) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  static double[] cumulative(double[] weights) {
    double[] sums = new double[weights.length];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      total += weights[i];
      sums[i] = total;
    }
    return sums;
  }
}
