package com.opsmon.jobs.health;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.model.kpi.KpiCatalog;

/** Events received in one series (source and region). */
public final class EventsIn implements KpiAccumulator<EventsIn> {
  public long events;

  public EventsIn() {}

  @Override
  public void addAll(EventsIn other) {
    events += other.events;
  }

  @Override
  public void emit(KpiPoints out) {
    out.point(KpiCatalog.EVENTS_IN, events);
  }
}
