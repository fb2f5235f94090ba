package com.opsmon.jobs.orders;

import com.opsmon.model.events.OrderEvent;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds order events into a series' {@link OrderTotals}, one event at a time. */
public final class CountOrders implements AggregateFunction<OrderEvent, OrderTotals, OrderTotals> {
  @Override
  public OrderTotals createAccumulator() {
    return new OrderTotals();
  }

  @Override
  public OrderTotals add(OrderEvent event, OrderTotals totals) {
    totals.add(event);
    return totals;
  }

  @Override
  public OrderTotals getResult(OrderTotals totals) {
    return totals;
  }

  @Override
  public OrderTotals merge(OrderTotals a, OrderTotals b) {
    a.addAll(b);
    return a;
  }
}
