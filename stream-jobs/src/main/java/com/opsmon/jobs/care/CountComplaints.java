package com.opsmon.jobs.care;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds complaints and orders into a series' {@link ComplaintTotals}. */
public final class CountComplaints
    implements AggregateFunction<ComplaintOrOrder, ComplaintTotals, ComplaintTotals> {
  @Override
  public ComplaintTotals createAccumulator() {
    return new ComplaintTotals();
  }

  @Override
  public ComplaintTotals add(ComplaintOrOrder fact, ComplaintTotals totals) {
    totals.add(fact);
    return totals;
  }

  @Override
  public ComplaintTotals getResult(ComplaintTotals totals) {
    return totals;
  }

  @Override
  public ComplaintTotals merge(ComplaintTotals a, ComplaintTotals b) {
    a.addAll(b);
    return a;
  }
}
