package com.opsmon.jobs.health;

import com.opsmon.jobs.kpi.Minute;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the late arrivals of one series (keyed by series) per minute they arrived in, and emits
 * each minute's count when event time passes its end. A window cannot do this: it would place a
 * late event in its own, closed minute, and drop one later than the allowed lateness.
 *
 * <p>The arrival minute is never behind this operator's event time (it trails the source's), so
 * each count is emitted once, complete. State lives a minute of event time; its processing-time TTL
 * of {@code stateTtl} is a safety net should event time stop.
 */
public final class CountLateArrivals
    extends KeyedProcessFunction<String, Arrival, Minute<LateEvents>> {
  private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();

  private final Duration stateTtl;
  private transient MapState<Long, Long> counts;

  public CountLateArrivals(Duration stateTtl) {
    this.stateTtl = stateTtl;
  }

  @Override
  public void open(OpenContext openContext) {
    MapStateDescriptor<Long, Long> descriptor =
        new MapStateDescriptor<>("late-per-minute", Types.LONG, Types.LONG);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(stateTtl)
            .updateTtlOnCreateAndWrite()
            .neverReturnExpired()
            .build());
    counts = getRuntimeContext().getMapState(descriptor);
  }

  @Override
  public void processElement(Arrival arrival, Context ctx, Collector<Minute<LateEvents>> out)
      throws Exception {
    if (!arrival.late()) {
      return;
    }
    Long count = counts.get(arrival.lateIn());
    counts.put(arrival.lateIn(), (count == null ? 0 : count) + 1);
    ctx.timerService().registerEventTimeTimer(arrival.lateIn() + MINUTE_MS - 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Minute<LateEvents>> out)
      throws Exception {
    long minute = timestamp + 1 - MINUTE_MS;
    Long count = counts.get(minute);
    if (count != null) {
      counts.remove(minute);
      out.collect(new Minute<>(ctx.getCurrentKey(), minute, new LateEvents(count)));
    }
  }
}
