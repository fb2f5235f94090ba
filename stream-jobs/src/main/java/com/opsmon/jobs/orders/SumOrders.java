package com.opsmon.jobs.orders;

import com.opsmon.model.events.OrderEvent;
import java.math.BigDecimal;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Incrementally counts created orders and sums their amounts per currency. */
public final class SumOrders implements AggregateFunction<OrderEvent, OrderTotals, OrderTotals> {
  @Override
  public OrderTotals createAccumulator() {
    return new OrderTotals();
  }

  @Override
  public OrderTotals add(OrderEvent order, OrderTotals totals) {
    totals.orders++;
    if (order.amount() != null && order.currency() != null) {
      totals.revenueByCurrency.merge(order.currency(), order.amount(), BigDecimal::add);
    }
    return totals;
  }

  @Override
  public OrderTotals getResult(OrderTotals totals) {
    return totals;
  }

  @Override
  public OrderTotals merge(OrderTotals a, OrderTotals b) {
    OrderTotals merged = new OrderTotals(a.orders + b.orders, a.revenueByCurrency);
    b.revenueByCurrency.forEach(
        (currency, amount) -> merged.revenueByCurrency.merge(currency, amount, BigDecimal::add));
    return merged;
  }
}
