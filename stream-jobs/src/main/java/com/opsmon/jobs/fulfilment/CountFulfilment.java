package com.opsmon.jobs.fulfilment;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds fulfilment facts into a series' {@link FulfilmentTotals}, one at a time. */
public final class CountFulfilment
    implements AggregateFunction<FulfilmentFact, FulfilmentTotals, FulfilmentTotals> {
  @Override
  public FulfilmentTotals createAccumulator() {
    return new FulfilmentTotals();
  }

  @Override
  public FulfilmentTotals add(FulfilmentFact fact, FulfilmentTotals totals) {
    totals.add(fact);
    return totals;
  }

  @Override
  public FulfilmentTotals getResult(FulfilmentTotals totals) {
    return totals;
  }

  @Override
  public FulfilmentTotals merge(FulfilmentTotals a, FulfilmentTotals b) {
    a.addAll(b);
    return a;
  }
}
