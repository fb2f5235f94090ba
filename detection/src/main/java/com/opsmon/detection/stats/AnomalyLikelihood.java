package com.opsmon.detection.stats;

import java.io.Serializable;

/**
 * How unusual the recent surprise is for this series, after Numenta's anomaly likelihood (Ahmad et
 * al., "Unsupervised real-time anomaly detection for streaming data", Neurocomputing 2017): a short
 * average of the surprise is compared with the long-run mean and variance of that average, and its
 * Gaussian upper-tail probability p is reported as {@code min(1, −log10(p) / 10)}: 0.3 is p = 10⁻³,
 * 0.5 is 10⁻⁵, 1 is 10⁻¹⁰ or less. Comparing each series with itself is what lets one threshold
 * serve noisy and quiet series alike.
 */
public final class AnomalyLikelihood implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Points of long-run history before any score above 0 is given. */
  public static final int WARM_UP = 300;

  /** Mean surprise z²/2 of Gaussian residuals at the baseline's scale. */
  private static final double NULL_MEAN = 0.5;

  private final double shortRate;
  private final double longRate;
  private double shortMean;
  private double longMean;
  private double longVar;
  private long seen;

  /**
   * @param shortMemory points of the short average (EWMA weight 2 / (shortMemory + 1))
   * @param longMemory points of the long-run mean and variance
   */
  public AnomalyLikelihood(double shortMemory, double longMemory) {
    this.shortRate = 2.0 / (shortMemory + 1);
    this.longRate = 1.0 / longMemory;
  }

  @Override
  public String toString() {
    return String.format("short=%.3f mean=%.3f sd=%.3f", shortMean, longMean, Math.sqrt(longVar));
  }

  /** Scores one surprise (z²/2 of a residual in scales) against the past, then learns it. */
  public double score(double surprise) {
    return Math.min(1.0, surprisal(surprise) / 10);
  }

  /**
   * Like {@link #score} but returns −log10 p itself (0 while warming up or when the recent surprise
   * is no more than usual), unbounded.
   */
  public double surprisal(double surprise) {
    shortMean += shortRate * (surprise - shortMean);
    double score = 0;
    if (seen >= WARM_UP) {
      score = Math.max(0.0, -log10Tail(shortMean));
    }
    seen++;
    double a = Math.max(1.0 / seen, longRate);
    double d = shortMean - longMean;
    longMean += a * d;
    longVar = (1 - a) * (longVar + a * d * d);
    return score;
  }

  /**
   * log10 of the probability of a short average at least {@code x}. The short average of
   * non-negative surprises is skewed to the right, so it is taken as Gamma-distributed with the
   * long-run mean and variance (a Gaussian tail fired about ten times too often on pure noise). An
   * average no larger than the long-run mean is not surprising at all: 0.
   */
  private double log10Tail(double x) {
    // The surprise is z²/2 of a residual in units of the baseline's scale: that scale already says
    // residuals of about 1 are normal, so the reference is never tighter than for Gaussian
    // residuals (mean 1/2, variance of the short average (1/2)·shortRate/(2 − shortRate)). A
    // baseline that predicts a series exactly would otherwise find its least wobble alarming.
    double mean = Math.max(longMean, NULL_MEAN);
    double variance = Math.max(longVar, NULL_MEAN * shortRate / (2 - shortRate));
    if (x <= mean) {
      return 0;
    }
    double shape = mean * mean / variance;
    double scale = variance / mean;
    double lnGamma = GammaTail.lnUpperTail(shape, x / scale);
    // The far tail of an exponentially weighted average is that of its heaviest term, the newest
    // point (weight shortRate): taking that point's surprise as Gaussian −ln φ(z) with the
    // reference mean, P(average ≥ x) ≥ P(|Z| ≥ √(x / (shortRate · mean))).
    double z = Math.sqrt(x / (shortRate * mean));
    double lnSingle = Math.log(2) + log10UpperTail(z) * Math.log(10);
    return Math.max(lnGamma, lnSingle) / Math.log(10);
  }

  /** log10 of P(Z ≥ k) for a standard normal Z, accurate in the far tail. */
  public static double log10UpperTail(double k) {
    double ln;
    if (k < 0) {
      ln = Math.log1p(-0.5 * erfc(-k / Math.sqrt(2)));
    } else if (k < 30) {
      ln = Math.log(0.5 * erfc(k / Math.sqrt(2)));
    } else {
      // beyond double range of erfc: the asymptotic series of the Mills ratio
      double k2 = k * k;
      ln = -k2 / 2 - Math.log(k * Math.sqrt(2 * Math.PI)) + Math.log1p(-1 / k2 + 3 / (k2 * k2));
    }
    return ln / Math.log(10);
  }

  /**
   * Complementary error function, Chebyshev fit with relative error of order 1e-5 or better (Press
   * et al., Numerical Recipes, 2nd ed., §6.2).
   */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double poly = 0;
    for (int i = ERFC_COEFFICIENTS.length - 1; i >= 0; i--) {
      poly = ERFC_COEFFICIENTS[i] + t * poly;
    }
    double r = t * Math.exp(-z * z + poly);
    return x >= 0 ? r : 2 - r;
  }

  private static final double[] ERFC_COEFFICIENTS = {
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628288,
    0.27886807, -1.13520398, 1.48851973, -0.82215223, 0.17087277
  };
}
