package com.opsmon.jobs;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading KPI points in tests. */
public final class TestPoints {
  private TestPoints() {}

  /** The points an accumulator makes for a one-minute window of a series. */
  public static List<KpiPoint> emitted(KpiAccumulator<?> totals, Map<String, String> series) {
    List<KpiPoint> points = new ArrayList<>();
    totals.emit(new KpiPoints(Instant.EPOCH, Duration.ofMinutes(1), series, points::add));
    return points;
  }

  /** Each point's value by its KPI name and its own {@code quantile} tag, if any. */
  public static Map<String, Double> byName(List<KpiPoint> points) {
    Map<String, Double> byName = new TreeMap<>();
    for (KpiPoint p : points) {
      String quantile = p.tags().get("quantile");
      byName.put(p.kpi() + (quantile == null ? "" : "." + quantile), p.value());
    }
    return byName;
  }

  /**
   * The value of the last point (a corrected point replaces earlier ones) of {@code kpi} for these
   * exact tags, window and start; fails if there is none.
   */
  public static double last(
      List<KpiPoint> points, String kpi, Duration window, Instant start, Map<String, String> tags) {
    return points.stream()
        .filter(
            p ->
                p.kpi().equals(kpi)
                    && p.window().equals(window)
                    && p.windowStart().equals(start)
                    && p.tags().equals(tags))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no " + kpi + " point for " + tags + " at " + start))
        .value();
  }

  /** The points of {@code kpi} for these tags and window, oldest first; corrections included. */
  public static List<KpiPoint> all(
      List<KpiPoint> points, String kpi, Duration window, Map<String, String> tags) {
    return points.stream()
        .filter(p -> p.kpi().equals(kpi) && p.window().equals(window) && p.tags().equals(tags))
        .toList();
  }
}
