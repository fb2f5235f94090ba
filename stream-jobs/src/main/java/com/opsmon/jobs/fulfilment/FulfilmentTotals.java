package com.opsmon.jobs.fulfilment;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.jobs.kpi.Sketch;
import com.opsmon.model.kpi.KpiCatalog;
import java.util.Map;

/**
 * What one warehouse and region's fulfilment facts add up to: orders shipped, SLA breaches, and the
 * distributions of the cycle times (seconds from created) of the orders that shipped and of those
 * that were delivered.
 */
public final class FulfilmentTotals implements KpiAccumulator<FulfilmentTotals> {
  static final String SHIPPED = "shipped";
  static final String DELIVERED = "delivered";
  private static final String[] QUANTILES = {"p50", "p90", "p99"};
  private static final double[] AT = {0.50, 0.90, 0.99};

  public long shipments;
  public long slaBreaches;
  public Sketch shippedSeconds = new Sketch();
  public Sketch deliveredSeconds = new Sketch();

  public FulfilmentTotals() {}

  public void add(FulfilmentFact fact) {
    switch (fact.kind()) {
      case SHIPPED -> {
        shipments++;
        shippedSeconds.record(fact.value());
      }
      case DELIVERED -> deliveredSeconds.record(fact.value());
      case SLA_BREACH -> slaBreaches += fact.value();
    }
  }

  @Override
  public void addAll(FulfilmentTotals other) {
    shipments += other.shipments;
    slaBreaches += other.slaBreaches;
    shippedSeconds.addAll(other.shippedSeconds);
    deliveredSeconds.addAll(other.deliveredSeconds);
  }

  @Override
  public void emit(KpiPoints out) {
    out.point(KpiCatalog.SHIPMENTS, shipments);
    out.point(KpiCatalog.SLA_BREACHES, slaBreaches);
    cycleTimes(out, SHIPPED, shippedSeconds);
    cycleTimes(out, DELIVERED, deliveredSeconds);
  }

  private static void cycleTimes(KpiPoints out, String stage, Sketch seconds) {
    if (seconds.count() == 0) {
      return; // no order reached the stage: there is no time to tell
    }
    for (int i = 0; i < QUANTILES.length; i++) {
      out.point(
          KpiCatalog.ORDER_CYCLE_TIME,
          Map.of(KpiCatalog.STAGE, stage, KpiCatalog.QUANTILE, QUANTILES[i]),
          seconds.quantile(AT[i]));
    }
  }
}
