package com.opsmon.detection.stats;

import java.io.Serializable;

/**
 * The typical size of a baseline's residuals: an EWMA of |residual| with each residual first
 * clipped to {@link #CLIP} scales (so one outlier moves it by a bounded amount), times 1.25 so that
 * it estimates σ for Gaussian noise (E|X| = σ·√(2/π) ≈ 0.8σ). Also serves to compare baselines: the
 * smaller scale predicts the series better.
 */
public final class ResidualScale implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Residuals are clipped to this many scales before they are learned (Huber). */
  public static final double CLIP = 4.0;

  /** σ / E|X| for Gaussian noise, rounded. */
  public static final double GAUSSIAN_FACTOR = 1.25;

  private final double rate;
  private double meanAbs;
  private long seen;

  /**
   * @param memory points the average remembers
   */
  public ResidualScale(double memory) {
    this.rate = 1.0 / memory;
  }

  /** The scale, never below {@code floor}. */
  public double sigma(double floor) {
    return Math.max(GAUSSIAN_FACTOR * meanAbs, floor);
  }

  /** Residuals learned so far. */
  public long seen() {
    return seen;
  }

  /** Learns one residual. */
  public void learn(double residual, double floor) {
    double magnitude = Math.abs(residual);
    if (seen > 0) {
      magnitude = Math.min(magnitude, CLIP * sigma(floor));
    }
    seen++;
    meanAbs += Math.max(1.0 / seen, rate) * (magnitude - meanAbs);
  }
}
