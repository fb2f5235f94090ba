package com.opsmon.jobs.oracle;

import com.opsmon.model.events.Event;
import java.util.function.BiConsumer;

/** One domain's KPIs computed in plain Java from the events, as the catalog defines them. */
interface Reference {
  /** The KPIs this reference computes. */
  java.util.List<com.opsmon.model.kpi.KpiDefinition> kpis();

  /** Takes one event; events arrive in event-time order. */
  void add(Event event);

  /** Every KPI value the events make, by point. */
  void values(BiConsumer<PointKey, Double> out);
}
