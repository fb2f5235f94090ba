package com.opsmon.jobs.oracle;

/**
 * The standard normal distribution, for the log-normal a latency sample is documented to follow
 * between its p50 and p99. Computed here from first principles (Marsaglia's series for Φ, then
 * bisection), not taken from the job's table of constants.
 */
final class Normal {
  private Normal() {}

  /** Φ(x), absolute error about 1e-15 for |x| < 8 (G. Marsaglia, J. Stat. Softw. 11(4), 2004). */
  static double cdf(double x) {
    double s = x;
    double t = 0;
    double b = x;
    double q = x * x;
    double i = 1;
    while (s != t) {
      t = s;
      i += 2;
      b *= q / i;
      s = t + b;
    }
    return 0.5 + s * Math.exp(-0.5 * q - 0.91893853320467274178);
  }

  /** The z with Φ(z) = p, for 0 < p < 1, by bisection. */
  static double quantile(double p) {
    double low = -8;
    double high = 8;
    for (int i = 0; i < 100; i++) {
      double mid = (low + high) / 2;
      if (cdf(mid) < p) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return (low + high) / 2;
  }
}
