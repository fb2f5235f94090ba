package com.opsmon.api.stream;

import com.opsmon.model.kpi.KpiPoint;
import java.util.Map;
import java.util.Set;

/**
 * Which events a stream client wants: the points of the named KPIs (every KPI when none is named)
 * whose tags have each given value, and alert state changes when {@code alerts}.
 */
public record StreamFilter(Set<String> kpis, Map<String, String> tags, boolean alerts) {
  public StreamFilter {
    kpis = Set.copyOf(kpis);
    tags = Map.copyOf(tags);
  }

  public boolean matches(StreamHub.Event event) {
    return event.point() != null ? matches(event.point()) : alerts;
  }

  public boolean matches(KpiPoint point) {
    if (!kpis.isEmpty() && !kpis.contains(point.kpi())) {
      return false;
    }
    for (Map.Entry<String, String> t : tags.entrySet()) {
      if (!t.getValue().equals(point.tags().get(t.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
