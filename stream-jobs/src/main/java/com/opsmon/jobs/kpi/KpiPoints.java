package com.opsmon.jobs.kpi;

import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where an accumulator puts its points: the window and the series' tags are known here, the
 * accumulator names the KPI, any tags of the KPI's own (a currency, a quantile) and the value.
 */
public final class KpiPoints {
  private final Instant windowStart;
  private final Duration window;
  private final Map<String, String> tags;
  private final Consumer<KpiPoint> out;

  public KpiPoints(
      Instant windowStart, Duration window, Map<String, String> tags, Consumer<KpiPoint> out) {
    this.windowStart = windowStart;
    this.window = window;
    this.tags = tags;
    this.out = out;
  }

  /** A point of {@code kpi} for this series, if the KPI is computed for this window. */
  public void point(KpiDefinition kpi, double value) {
    if (kpi.windows().contains(window) && Double.isFinite(value)) {
      out.accept(new KpiPoint(kpi.name(), windowStart, window, project(kpi, Map.of()), value));
    }
  }

  /** The same with tags of the KPI's own, such as {@code currency} or {@code quantile}. */
  public void point(KpiDefinition kpi, Map<String, String> ownTags, double value) {
    if (kpi.windows().contains(window) && Double.isFinite(value)) {
      out.accept(new KpiPoint(kpi.name(), windowStart, window, project(kpi, ownTags), value));
    }
  }

  /** A ratio, or nothing when there is nothing to divide by. */
  public void ratio(KpiDefinition kpi, double numerator, double denominator) {
    if (denominator > 0) {
      point(kpi, numerator / denominator);
    }
  }

  public Duration window() {
    return window;
  }

  /** The series' tags that belong to the KPI, plus its own. */
  private Map<String, String> project(KpiDefinition kpi, Map<String, String> ownTags) {
    Map<String, String> projected = new HashMap<>(ownTags);
    for (String tag : kpi.tags()) {
      String value = tags.get(tag);
      if (value != null) {
        projected.putIfAbsent(tag, value);
      }
    }
    return projected;
  }
}
