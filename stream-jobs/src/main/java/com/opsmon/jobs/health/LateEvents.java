package com.opsmon.jobs.health;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.model.kpi.KpiCatalog;

/** Late events that arrived in one series (source and region) in a minute. */
public final class LateEvents implements KpiAccumulator<LateEvents> {
  public long late;

  public LateEvents() {}

  public LateEvents(long late) {
    this.late = late;
  }

  @Override
  public void addAll(LateEvents other) {
    late += other.late;
  }

  @Override
  public void emit(KpiPoints out) {
    out.point(KpiCatalog.LATE_EVENTS, late);
  }
}
