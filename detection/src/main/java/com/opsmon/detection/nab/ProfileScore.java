package com.opsmon.detection.nab;

import java.util.List;

/**
 * A detector's NAB result for one profile: the best threshold over all series, the raw score at
 * that threshold, the null and perfect detectors' raw scores and the normalised score, 100 × (raw −
 * null) / (perfect − null).
 */
public record ProfileScore(
    CostProfile profile,
    double threshold,
    double raw,
    double nullScore,
    double perfectScore,
    List<FileScore> files) {
  public ProfileScore {
    files = List.copyOf(files);
  }

  public double normalised() {
    return 100.0 * (raw - nullScore) / (perfectScore - nullScore);
  }
}
