package com.opsmon.ingest.simulator;

import java.util.SplittableRandom;

/**
 * The simulation's only source of randomness: one stream seeded once, so the same seed replays the
 * same world. Transformations use {@link StrictMath} so the numbers are the same on every JVM.
 */
final class Dice {
  private final SplittableRandom random;

  Dice(long seed) {
    this.random = new SplittableRandom(seed);
  }

  double uniform() {
    return random.nextDouble();
  }

  boolean chance(double probability) {
    return probability > 0 && random.nextDouble() < probability;
  }

  double between(double low, double high) {
    return low + (high - low) * random.nextDouble();
  }

  /** A standard normal draw (Box–Muller, written out so the JDK's algorithm cannot change it). */
  double gaussian() {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
  }

  /** A long-tailed positive draw around {@code median}; {@code sigma} is the spread of its log. */
  double logNormal(double median, double sigma) {
    return median * StrictMath.exp(sigma * gaussian());
  }

  double exponential(double mean) {
    return -mean * StrictMath.log(1.0 - random.nextDouble());
  }

  /** A log-normal duration in milliseconds, kept within {@code [min, max]}. */
  long millis(double medianMs, double sigma, long minMs, long maxMs) {
    return Math.max(minMs, Math.min(maxMs, Math.round(logNormal(medianMs, sigma))));
  }

  /** An index drawn with the weights behind {@code cumulative} (see {@link #cumulative}). */
  int pick(double[] cumulative) {
    double r = random.nextDouble() * cumulative[cumulative.length - 1];
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > r) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  static double[] cumulative(double... weights) {
    double[] sums = new double[weights.length];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      total += weights[i];
      sums[i] = total;
    }
    return sums;
  }
}
