package com.opsmon.jobs.kpi;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Labels a minute window's accumulator with its series and start. */
final class ToMinute<A> extends ProcessWindowFunction<A, Minute<A>, String, TimeWindow> {
  @Override
  public void process(
      String series, Context context, Iterable<A> totals, Collector<Minute<A>> out) {
    out.collect(new Minute<>(series, context.window().getStart(), totals.iterator().next()));
  }
}
