package com.opsmon.detection.nab;

import java.util.List;

/**
 * A detector's anomaly scores for every row of one series, with the series' labelled windows
 * (sorted, not overlapping).
 */
public record ScoredSeries(String name, double[] scores, List<RowWindow> windows) {
  public ScoredSeries {
    windows = List.copyOf(windows);
    int previousLast = -1;
    for (RowWindow w : windows) {
      if (w.first() <= previousLast || w.last() >= scores.length) {
        throw new IllegalArgumentException(name + ": windows must be sorted, disjoint, in range");
      }
      previousLast = w.last();
    }
  }
}
