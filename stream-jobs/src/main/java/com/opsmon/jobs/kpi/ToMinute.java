package com.opsmon.jobs.kpi;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Labels a minute window's accumulator with its series and start, and as partial when the window
 * fired early, before event time reached its end.
 */
final class ToMinute<A> extends ProcessWindowFunction<A, Minute<A>, String, TimeWindow> {
  @Override
  public void process(
      String series, Context context, Iterable<A> totals, Collector<Minute<A>> out) {
    TimeWindow window = context.window();
    boolean partial = context.currentWatermark() < window.maxTimestamp();
    out.collect(new Minute<>(series, window.getStart(), totals.iterator().next(), series, partial));
  }
}
