package com.opsmon.jobs.kpi;

import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which KPIs show partial points, at which window: each at its primary window, the one the ops room
 * and the API show by default. Longer views would cost a merge of up to an hour of minutes every
 * second for a value nobody watches fill up.
 */
public record PartialScope(Map<Long, Set<String>> kpisByWindowMs) implements Serializable {
  public PartialScope {
    kpisByWindowMs = Map.copyOf(kpisByWindowMs);
  }

  public static PartialScope primaryWindowsOf(Collection<KpiDefinition> kpis) {
    Map<Long, Set<String>> scope = new HashMap<>();
    for (KpiDefinition k : kpis) {
      scope.computeIfAbsent(k.window().toMillis(), w -> new HashSet<>()).add(k.name());
    }
    scope.replaceAll((w, names) -> Set.copyOf(names));
    return new PartialScope(scope);
  }

  /** Whether a view of this window size shows any partial point. */
  public boolean covers(long windowMs) {
    return kpisByWindowMs.containsKey(windowMs);
  }

  public boolean covers(KpiPoint point) {
    Set<String> kpis = kpisByWindowMs.get(point.window().toMillis());
    return kpis != null && kpis.contains(point.kpi());
  }

  /** Every KPI at this window: for tests of one view. */
  static PartialScope all(Duration window, String... kpis) {
    return new PartialScope(Map.of(window.toMillis(), Set.of(kpis)));
  }
}
