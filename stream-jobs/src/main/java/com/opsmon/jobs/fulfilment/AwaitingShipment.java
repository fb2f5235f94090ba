package com.opsmon.jobs.fulfilment;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.model.kpi.KpiCatalog;

/**
 * The orders picked and not yet shipped at the end of a minute. The queue of several series is the
 * sum of theirs.
 */
public final class AwaitingShipment implements KpiAccumulator<AwaitingShipment> {
  public long awaiting;

  public AwaitingShipment() {}

  public AwaitingShipment(long awaiting) {
    this.awaiting = awaiting;
  }

  @Override
  public void addAll(AwaitingShipment other) {
    awaiting += other.awaiting;
  }

  @Override
  public void emit(KpiPoints out) {
    out.point(KpiCatalog.AWAITING_SHIPMENT, awaiting);
  }
}
