package com.opsmon.jobs.fulfilment;

import com.opsmon.jobs.kpi.Minute;
import com.opsmon.jobs.time.EventTime;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A queue gauge of one warehouse and region ({@code open_orders}, {@code awaiting_shipment}): adds
 * up the changes of the queue and, when event time passes the end of each minute, emits the backlog
 * as it stood then, for every minute, changed or not (a total of levels needs every series' level
 * in every minute).
 *
 * <p>A change in a minute already emitted shifts the level of that minute and of every one after
 * it: those the views still take (within the allowed lateness) are emitted again and replace the
 * earlier ones, and the level goes on from the corrected value. So a change older than the lateness
 * (its event was dead-lettered as too late, yet the order did move) corrects the recent minutes and
 * counts from then on.
 *
 * <p>At the end of a bounded input the minutes up to the last change are emitted and no more. A
 * series with no change for the retention stops; the state's TTL, in processing time, is a day
 * longer.
 */
public final class TrackBacklog<A> extends KeyedProcessFunction<String, BacklogChange, Minute<A>> {
  /** The gauge's accumulator holding one level. */
  @FunctionalInterface
  public interface Gauge<A> extends Serializable {
    A of(long level);
  }

  private final Gauge<A> gauge;
  private final long allowedLatenessMs;
  private final Duration retention;

  private transient ValueState<BacklogLevel> level;
  private transient MapState<Long, Long> changes;
  private transient MapState<Long, Long> emitted;

  public TrackBacklog(Gauge<A> gauge, Duration allowedLateness, Duration retention) {
    this.gauge = gauge;
    this.allowedLatenessMs = allowedLateness.toMillis();
    this.retention = retention;
  }

  /** Where one series stands: the next minute to emit, the level it starts at, the last change. */
  public static final class BacklogLevel {
    public long nextMinute = Long.MIN_VALUE;
    public long level;
    public long lastChange = Long.MIN_VALUE;

    public BacklogLevel() {}
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<BacklogLevel> levelDescriptor =
        new ValueStateDescriptor<>("level", TypeInformation.of(BacklogLevel.class));
    MapStateDescriptor<Long, Long> changesDescriptor =
        new MapStateDescriptor<>("changes-per-minute", Types.LONG, Types.LONG);
    MapStateDescriptor<Long, Long> emittedDescriptor =
        new MapStateDescriptor<>("emitted-levels", Types.LONG, Types.LONG);
    levelDescriptor.enableTimeToLive(TrackOrders.ttl(retention));
    changesDescriptor.enableTimeToLive(TrackOrders.ttl(retention));
    emittedDescriptor.enableTimeToLive(TrackOrders.ttl(retention));
    level = getRuntimeContext().getState(levelDescriptor);
    changes = getRuntimeContext().getMapState(changesDescriptor);
    emitted = getRuntimeContext().getMapState(emittedDescriptor);
  }

  @Override
  public void processElement(BacklogChange change, Context ctx, Collector<Minute<A>> out)
      throws Exception {
    BacklogLevel s = level.value();
    if (s == null) {
      s = new BacklogLevel();
    }
    long minute = EventTime.minuteOf(change.at());
    s.lastChange = Math.max(s.lastChange, change.at());
    if (s.nextMinute == Long.MIN_VALUE) {
      s.nextMinute = minute;
    }
    if (minute >= s.nextMinute) {
      Long sum = changes.get(minute);
      changes.put(minute, (sum == null ? 0 : sum) + change.delta());
      ctx.timerService().registerEventTimeTimer(minute + EventTime.MINUTE - 1);
    } else {
      correct(ctx.getCurrentKey(), minute, change.delta(), out);
      s.level += change.delta();
    }
    level.update(s);
  }

  /** Shifts every emitted minute from {@code minute} on that the views still take. */
  private void correct(String series, long minute, long delta, Collector<Minute<A>> out)
      throws Exception {
    List<Long> shifted = new ArrayList<>();
    for (Map.Entry<Long, Long> e : emitted.entries()) {
      if (e.getKey() >= minute) {
        shifted.add(e.getKey());
      }
    }
    shifted.sort(null);
    for (long m : shifted) {
      long corrected = emitted.get(m) + delta;
      emitted.put(m, corrected);
      out.collect(new Minute<>(series, m, gauge.of(corrected)));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Minute<A>> out)
      throws Exception {
    BacklogLevel s = level.value();
    if (s == null) {
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    long target = EventTime.minuteOf(timestamp);
    for (long m = s.nextMinute; m <= target; m += EventTime.MINUTE) {
      Long sum = changes.get(m);
      if (sum != null) {
        s.level += sum;
        changes.remove(m);
      }
      emitted.put(m, s.level);
      out.collect(new Minute<>(ctx.getCurrentKey(), m, gauge.of(s.level)));
    }
    s.nextMinute = Math.max(s.nextMinute, target + EventTime.MINUTE);
    forgetUncorrectable(watermark);
    if (EventTime.endOfInput(watermark)) {
      level.update(s);
      return;
    }
    if (timestamp - s.lastChange >= retention.toMillis()) {
      level.clear();
      changes.clear();
      emitted.clear();
      return;
    }
    ctx.timerService().registerEventTimeTimer(s.nextMinute + EventTime.MINUTE - 1);
    level.update(s);
  }

  /** Minutes whose views have been dropped can no longer be corrected. */
  private void forgetUncorrectable(long watermark) throws Exception {
    List<Long> old = new ArrayList<>();
    for (Long m : emitted.keys()) {
      if (m + EventTime.MINUTE - 1 + allowedLatenessMs < watermark) {
        old.add(m);
      }
    }
    for (Long m : old) {
      emitted.remove(m);
    }
  }
}
