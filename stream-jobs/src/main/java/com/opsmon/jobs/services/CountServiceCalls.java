package com.opsmon.jobs.services;

import com.opsmon.model.events.ServiceCallEvent;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds calls and samples into a series' {@link ServiceTotals}, one event at a time. */
public final class CountServiceCalls
    implements AggregateFunction<ServiceCallEvent, ServiceTotals, ServiceTotals> {
  @Override
  public ServiceTotals createAccumulator() {
    return new ServiceTotals();
  }

  @Override
  public ServiceTotals add(ServiceCallEvent event, ServiceTotals totals) {
    totals.add(event);
    return totals;
  }

  @Override
  public ServiceTotals getResult(ServiceTotals totals) {
    return totals;
  }

  @Override
  public ServiceTotals merge(ServiceTotals a, ServiceTotals b) {
    a.addAll(b);
    return a;
  }
}
