package com.opsmon.jobs.health;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Counts arrivals into a series' {@link EventsIn}. */
public final class CountArrivals implements AggregateFunction<Arrival, EventsIn, EventsIn> {
  @Override
  public EventsIn createAccumulator() {
    return new EventsIn();
  }

  @Override
  public EventsIn add(Arrival arrival, EventsIn totals) {
    totals.events++;
    return totals;
  }

  @Override
  public EventsIn getResult(EventsIn totals) {
    return totals;
  }

  @Override
  public EventsIn merge(EventsIn a, EventsIn b) {
    a.addAll(b);
    return a;
  }
}
