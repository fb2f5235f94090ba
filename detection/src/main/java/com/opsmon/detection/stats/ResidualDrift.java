package com.opsmon.detection.stats;

import java.io.Serializable;

/**
 * Whether the residuals have been leaning to one side for a while: an exponentially weighted
 * average of the standardised residual (each first clipped to {@link ResidualScale#CLIP} scales, as
 * the baselines clip what they learn) is compared with the long-run distribution of that average in
 * this series. A level shift, a ramp or a signal sagging below its profile moves that average away
 * from its usual place for many points even when no single residual is large, and before a baseline
 * has adopted the new level; the value expert's average of squared residuals sees sizes, not a
 * persistent sign. This is the exponentially weighted moving-average control chart (Roberts,
 * "Control chart tests based on geometric moving averages", Technometrics 1959) with its limits
 * learned from the series instead of assumed.
 *
 * <p>Real residuals are autocorrelated and heavy-tailed, so the deviation of the average from its
 * long-run mean is not taken as Gaussian: it is taken as Laplace (two-sided exponential) with the
 * long-run mean absolute deviation, the maximum-entropy law for a known mean absolute deviation,
 * whose tail is heavier than the Gaussian's: P(|D| ≥ d) = exp(−d / b). The reference is never
 * tighter than for independent Gaussian residuals at the baseline's scale, as for {@link
 * AnomalyLikelihood}.
 */
public final class ResidualDrift implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double rate;
  private final double longRate;
  private final double minDeviation;
  private double average;
  private double longMean;
  private double deviation;
  private long seen;

  /**
   * @param memory points of the average of residuals (EWMA weight 2 / (memory + 1))
   * @param longMemory points of the long-run mean and mean absolute deviation of that average
   */
  public ResidualDrift(double memory, double longMemory) {
    this.rate = 2.0 / (memory + 1);
    this.longRate = 1.0 / longMemory;
    // E|average| for independent standard Gaussian residuals: √(2/π) · √(rate / (2 − rate))
    this.minDeviation = Math.sqrt(2 / Math.PI) * Math.sqrt(rate / (2 - rate));
  }

  /**
   * Scores one standardised residual (residual / scale) against the past, then learns it. Returns
   * −log10 P(|D| ≥ |d|) for the average's deviation d from its long-run mean: 0 while warming up.
   */
  public double surprisal(double z) {
    average += rate * (Math.max(-ResidualScale.CLIP, Math.min(ResidualScale.CLIP, z)) - average);
    double d = average - longMean;
    double result = 0;
    if (seen >= AnomalyLikelihood.WARM_UP) {
      result = Math.abs(d) / Math.max(deviation, minDeviation) / Math.log(10);
    }
    seen++;
    double a = Math.max(1.0 / seen, longRate);
    longMean += a * d;
    deviation += a * (Math.abs(d) - deviation);
    return result;
  }
}
