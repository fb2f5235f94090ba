package com.opsmon.jobs.oracle;

import com.opsmon.model.events.Event;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The oracle: every KPI value of a list of events, computed in plain Java (no Flink) straight from
 * the catalog's definitions, one domain at a time.
 */
final class ReferenceKpis {
  /** The domains the oracle knows. */
  static final List<Supplier<Reference>> DOMAINS = List.of(OrdersReference::new);

  private ReferenceKpis() {}

  /** The names of every KPI the oracle computes. */
  static java.util.Set<String> kpiNames() {
    return DOMAINS.stream()
        .flatMap(d -> d.get().kpis().stream())
        .map(com.opsmon.model.kpi.KpiDefinition::name)
        .collect(java.util.stream.Collectors.toSet());
  }

  static SortedMap<PointKey, Double> compute(List<? extends Event> events) {
    List<Reference> references = DOMAINS.stream().map(Supplier::get).toList();
    events.stream()
        .sorted(Comparator.comparing(Event::occurredAt))
        .forEach(e -> references.forEach(r -> r.add(e)));
    SortedMap<PointKey, Double> values = new TreeMap<>();
    references.forEach(
        r ->
            r.values(
                (key, value) -> {
                  if (values.put(key, value) != null) {
                    throw new IllegalStateException("two values for " + key);
                  }
                }));
    return values;
  }
}
