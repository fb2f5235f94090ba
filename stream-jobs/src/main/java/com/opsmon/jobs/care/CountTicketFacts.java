package com.opsmon.jobs.care;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds ticket facts into a series' {@link CareTotals}, one at a time. */
public final class CountTicketFacts
    implements AggregateFunction<TicketFact, CareTotals, CareTotals> {
  @Override
  public CareTotals createAccumulator() {
    return new CareTotals();
  }

  @Override
  public CareTotals add(TicketFact fact, CareTotals totals) {
    totals.add(fact);
    return totals;
  }

  @Override
  public CareTotals getResult(CareTotals totals) {
    return totals;
  }

  @Override
  public CareTotals merge(CareTotals a, CareTotals b) {
    a.addAll(b);
    return a;
  }
}
