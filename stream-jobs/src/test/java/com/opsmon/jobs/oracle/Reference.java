package com.opsmon.jobs.oracle;

import com.opsmon.model.events.Event;
import com.opsmon.model.kpi.KpiDefinition;
import java.util.List;
import java.util.function.BiConsumer;

/** One domain's KPIs computed in plain Java from the events, as the catalog defines them. */
interface Reference {
  /** Counts, sums and rates must agree to the last few bits of a double. */
  double EXACT = 1e-9;

  /** The catalog's promise for quantiles from HdrHistogram sketches: within 1%. */
  double SKETCH = 0.01;

  /** The KPIs this reference computes. */
  List<KpiDefinition> kpis();

  /** Takes one event; events arrive in event-time order. */
  void add(Event event);

  /** Every KPI value the events make, by point. */
  void values(BiConsumer<PointKey, Double> out);

  /**
   * How far a job's value of {@code kpi} may be from the reference's {@code expected} one: exact
   * unless a reference says why not.
   */
  default double tolerance(String kpi, double expected) {
    return EXACT * Math.max(1, Math.abs(expected));
  }
}
