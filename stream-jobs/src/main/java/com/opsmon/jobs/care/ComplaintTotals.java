package com.opsmon.jobs.care;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.model.kpi.KpiCatalog;

/** Complaints opened and orders created in one series: the two sides of {@code complaint_rate}. */
public final class ComplaintTotals implements KpiAccumulator<ComplaintTotals> {
  public long complaints;
  public long orders;

  public ComplaintTotals() {}

  public void add(ComplaintOrOrder fact) {
    if (fact.complaint() != null) {
      complaints++;
    } else {
      orders++;
    }
  }

  @Override
  public void addAll(ComplaintTotals other) {
    complaints += other.complaints;
    orders += other.orders;
  }

  @Override
  public void emit(KpiPoints out) {
    out.ratio(KpiCatalog.COMPLAINT_RATE, 100.0 * complaints, orders);
  }
}
