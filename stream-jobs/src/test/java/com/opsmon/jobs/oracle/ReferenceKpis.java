package com.opsmon.jobs.oracle;

import com.opsmon.jobs.fulfilment.FulfilmentSettings;
import com.opsmon.model.events.Event;
import com.opsmon.model.kpi.KpiDefinition;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The oracle: every KPI value of a list of events, computed in plain Java (no Flink) straight from
 * the catalog's definitions, one domain at a time.
 */
final class ReferenceKpis {
  /**
   * How the events reach the jobs, for the few definitions that depend on event time's progress
   * rather than on the events alone (which minutes of open tickets a jump of event time skips,
   * which SLAs have expired when the input ends).
   *
   * @param outOfOrderness the watermarks' bound: event time is the newest event's time minus it
   * @param allowedLateness how late an event may be and still correct its window
   * @param fulfilment the shipping SLAs the fulfilment job judges by
   */
  record Run(Duration outOfOrderness, Duration allowedLateness, FulfilmentSettings fulfilment) {}

  /** The domains the oracle knows. */
  static final List<Function<Run, Reference>> DOMAINS =
      List.of(
          run -> new OrdersReference(),
          run -> new ServicesReference(),
          CareReference::new,
          run -> new StorefrontReference(),
          run -> new EventsInReference(),
          FulfilmentReference::new,
          InventoryReference::new);

  private final SortedMap<PointKey, Double> values;
  private final Map<String, Reference> byKpi;

  private ReferenceKpis(SortedMap<PointKey, Double> values, Map<String, Reference> byKpi) {
    this.values = values;
    this.byKpi = byKpi;
  }

  static ReferenceKpis compute(List<? extends Event> events, Run run) {
    List<Reference> references = DOMAINS.stream().map(d -> d.apply(run)).toList();
    Map<String, Reference> byKpi = new LinkedHashMap<>();
    for (Reference r : references) {
      for (KpiDefinition kpi : r.kpis()) {
        if (byKpi.put(kpi.name(), r) != null) {
          throw new IllegalStateException("two references compute " + kpi.name());
        }
      }
    }
    events.stream()
        .sorted(Comparator.comparing(Event::occurredAt))
        .forEach(e -> references.forEach(r -> r.add(e)));
    SortedMap<PointKey, Double> values = new TreeMap<>();
    references.forEach(
        r ->
            r.values(
                (key, value) -> {
                  if (byKpi.get(key.kpi()) != r) {
                    throw new IllegalStateException(r + " computed a KPI it does not own: " + key);
                  }
                  if (values.put(key, value) != null) {
                    throw new IllegalStateException("two values for " + key);
                  }
                }));
    return new ReferenceKpis(values, byKpi);
  }

  /** Every point, by key. */
  SortedMap<PointKey, Double> values() {
    return values;
  }

  /** The KPIs computed, by name, in the order of their domains. */
  Map<String, Reference> kpis() {
    return byKpi;
  }

  /** Whether a job's {@code actual} value agrees with the reference's within its tolerance. */
  boolean agrees(PointKey key, double expected, double actual) {
    return Math.abs(expected - actual) <= byKpi.get(key.kpi()).tolerance(key.kpi(), expected);
  }
}
