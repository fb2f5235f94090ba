package com.opsmon.detection;

import java.io.Serializable;

/**
 * How the detector learns and reports. {@link #defaults()} is the one configuration used for every
 * series (NAB and our own KPIs); memories are counted in points of the series, seasonal memories in
 * periods.
 *
 * @param sensitivity in (0, 1): alert rules fire from score {@code 1 − sensitivity} on ({@link
 *     #alertScore()}); the default 0.3 alerts at p ≤ 10⁻⁷. It does not change the scores.
 * @param bandSigmas half-width of the expected range, in robust standard deviations of the residual
 * @param levelMemory points the non-seasonal level remembers (EWMA weight 1/levelMemory)
 * @param errorMemory points over which each baseline's error (and so the choice of baseline and the
 *     residual scale) is averaged
 * @param profileMemory periods (days, weeks) a seasonal profile bucket remembers
 * @param seasonalLevelMemory points the level under a seasonal profile remembers
 * @param surpriseMemory points of the short average of surprise (EWMA weight 2/(n+1))
 * @param likelihoodMemory points of the long-run distribution the short average is compared to
 * @param quietPoints points of low score that end an episode
 * @param windowLength points in the windows whose novelty is judged (the behaviour expert)
 * @param windowMemory windows the behaviour expert remembers
 */
public record DetectorSettings(
    double sensitivity,
    double bandSigmas,
    double levelMemory,
    double errorMemory,
    double profileMemory,
    double seasonalLevelMemory,
    double surpriseMemory,
    double likelihoodMemory,
    int quietPoints,
    int windowLength,
    int windowMemory)
    implements Serializable {

  public DetectorSettings {
    if (!(sensitivity > 0 && sensitivity < 1)) {
      throw new IllegalArgumentException("sensitivity must be in (0, 1): " + sensitivity);
    }
    if (!(bandSigmas > 0)) {
      throw new IllegalArgumentException("bandSigmas must be positive: " + bandSigmas);
    }
    for (double memory :
        new double[] {
          levelMemory,
          errorMemory,
          profileMemory,
          seasonalLevelMemory,
          surpriseMemory,
          likelihoodMemory
        }) {
      if (!(memory >= 1)) {
        throw new IllegalArgumentException("memories must be at least 1: " + memory);
      }
    }
    if (quietPoints < 1) {
      throw new IllegalArgumentException("quietPoints must be at least 1: " + quietPoints);
    }
    if (windowLength < 1 || windowMemory < 1) {
      throw new IllegalArgumentException(
          "windowLength and windowMemory must be at least 1: "
              + windowLength
              + ", "
              + windowMemory);
    }
  }

  /** The one configuration: see docs/DETECTION.md for where each value comes from. */
  public static DetectorSettings defaults() {
    return new DetectorSettings(0.3, 3.0, 10, 500, 3, 50, 7, 2000, 30, 16, 256);
  }

  /** The same settings with another sensitivity. */
  public DetectorSettings withSensitivity(double newSensitivity) {
    return new DetectorSettings(
        newSensitivity,
        bandSigmas,
        levelMemory,
        errorMemory,
        profileMemory,
        seasonalLevelMemory,
        surpriseMemory,
        likelihoodMemory,
        quietPoints,
        windowLength,
        windowMemory);
  }

  /** The score from which an alert rule treats a point as anomalous. */
  public double alertScore() {
    return 1 - sensitivity;
  }
}
