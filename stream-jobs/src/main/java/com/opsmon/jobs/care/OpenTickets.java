package com.opsmon.jobs.care;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.model.kpi.KpiCatalog;

/** Open tickets at the end of a minute; the series of a total add up. */
public final class OpenTickets implements KpiAccumulator<OpenTickets> {
  public long open;

  public OpenTickets() {}

  public OpenTickets(long open) {
    this.open = open;
  }

  @Override
  public void addAll(OpenTickets other) {
    open += other.open;
  }

  @Override
  public void emit(KpiPoints out) {
    out.point(KpiCatalog.OPEN_TICKETS, open);
  }
}
