package com.opsmon.detection.stats;

import java.io.Serializable;

/**
 * How unusually large a positive measurement is for this series: its logarithm is compared with the
 * long-run mean and variance of the logarithms of the measurements before it (an exponentially
 * weighted estimate), and its Gaussian upper-tail probability is reported. Distances to a nearest
 * neighbour are positive and right-skewed, roughly log-normal; comparing each series with its own
 * history is what lets one threshold serve all series, as for {@link AnomalyLikelihood}.
 */
public final class LogNormalTail implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double rate;
  private final int warmUp;
  private double mean;
  private double variance;
  private long seen;

  /**
   * @param memory points of the long-run mean and variance
   * @param warmUp measurements learned before any is scored
   */
  public LogNormalTail(double memory, int warmUp) {
    this.rate = 1.0 / memory;
    this.warmUp = warmUp;
  }

  /**
   * Scores {@code x} (at least {@code floor}, which keeps an exactly repeating series finite)
   * against the past, then learns it. Returns −log10 P(X ≥ x): 0 while warming up or when x is no
   * larger than usual.
   */
  public double surprisal(double x, double floor) {
    double ln = Math.log(Math.max(x, floor));
    double result = 0;
    if (seen >= warmUp) {
      // a spread under 0.1% of the measurement says nothing more precise than that
      double sd = Math.max(Math.sqrt(variance), MIN_LOG_SD);
      if (ln > mean) {
        result = -AnomalyLikelihood.log10UpperTail((ln - mean) / sd);
      }
    }
    seen++;
    double a = Math.max(1.0 / seen, rate);
    double d = ln - mean;
    mean += a * d;
    variance = (1 - a) * (variance + a * d * d);
    return Math.min(result, MAX_SURPRISAL);
  }

  private static final double MIN_LOG_SD = 1e-3;

  /** −log10 of the smallest probability reported (p = 10⁻³⁰⁰ is far beyond any score). */
  private static final double MAX_SURPRISAL = 300;
}
