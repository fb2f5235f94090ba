package com.opsmon.jobs.kpi;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.tuple.Tuple2;

/** A domain's aggregate function, fed the facts of (series, fact) pairs. */
final class OnFact<E, A> implements AggregateFunction<Tuple2<String, E>, A, A> {
  private final AggregateFunction<E, A, A> add;

  OnFact(AggregateFunction<E, A, A> add) {
    this.add = add;
  }

  @Override
  public A createAccumulator() {
    return add.createAccumulator();
  }

  @Override
  public A add(Tuple2<String, E> fact, A totals) {
    return add.add(fact.f1, totals);
  }

  @Override
  public A getResult(A totals) {
    return add.getResult(totals);
  }

  @Override
  public A merge(A a, A b) {
    return add.merge(a, b);
  }
}
