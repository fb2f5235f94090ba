package com.opsmon.model.kpi;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The value of one KPI for one series (a set of tags) over one event-time window starting at {@code
 * windowStart}. A point recomputed for the same KPI, series and window replaces the earlier one
 * wherever it is stored, so late corrections and replays never double-count.
 */
public record KpiPoint(
    String kpi, Instant windowStart, Duration window, Map<String, String> tags, double value) {

  public KpiPoint {
    tags = Map.copyOf(tags);
  }

  /** The canonical text of the tags ({@link SeriesKey}); identifies the series within a KPI. */
  public String series() {
    return SeriesKey.encode(tags);
  }

  /**
   * A key that is equal for points that replace each other: KPI, series, window size and window
   * start.
   */
  public String replacementKey() {
    return kpi + "|" + series() + "|" + window + "|" + windowStart;
  }
}
