package com.opsmon.detection.nab;

/** A labelled anomaly window as row indices of one series, both ends included. */
public record RowWindow(int first, int last) {
  public RowWindow {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("bad window rows [" + first + ", " + last + "]");
    }
  }

  int width() {
    return last - first + 1;
  }
}
