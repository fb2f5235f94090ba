package com.opsmon.jobs.kpi;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * A domain's aggregate function, fed the totals that {@link PreAggregate} added up per series:
 * merging them gives what adding their facts one by one would have.
 */
final class MergeTotals<E, A> implements AggregateFunction<Tuple2<String, A>, A, A> {
  private final AggregateFunction<E, A, A> add;

  MergeTotals(AggregateFunction<E, A, A> add) {
    this.add = add;
  }

  @Override
  public A createAccumulator() {
    return add.createAccumulator();
  }

  @Override
  public A add(Tuple2<String, A> totals, A window) {
    return add.merge(window, totals.f1);
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
