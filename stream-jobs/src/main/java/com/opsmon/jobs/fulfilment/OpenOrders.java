package com.opsmon.jobs.fulfilment;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.model.kpi.KpiCatalog;

/**
 * The backlog at the end of a minute: orders created and not yet shipped or cancelled. The backlog
 * of several series is the sum of theirs.
 */
public final class OpenOrders implements KpiAccumulator<OpenOrders> {
  public long open;

  public OpenOrders() {}

  public OpenOrders(long open) {
    this.open = open;
  }

  @Override
  public void addAll(OpenOrders other) {
    open += other.open;
  }

  @Override
  public void emit(KpiPoints out) {
    out.point(KpiCatalog.OPEN_ORDERS, open);
  }
}
