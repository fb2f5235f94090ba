package com.opsmon.jobs.kpi;

import com.opsmon.jobs.JobMetrics;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * One view (a series, a window size, a window start): keeps the latest accumulator of each minute
 * in it, and when event time passes the window's end merges them and emits the view's points. A
 * minute corrected later (a late event re-fired it) replaces its earlier self and the view is
 * emitted again at once, until the allowed lateness has passed; then the state is dropped.
 */
public final class ViewFunction<A extends KpiAccumulator<A>>
    extends KeyedProcessFunction<String, Routed<A>, KpiPoint> {
  private final SerializableSupplier<A> empty;
  private final TypeInformation<A> type;
  private final long allowedLatenessMs;

  private transient MapState<String, A> minutes;
  private transient ValueState<Boolean> fired;
  private transient Counter tooLate;

  public ViewFunction(
      SerializableSupplier<A> empty, TypeInformation<A> type, Duration allowedLateness) {
    this.empty = empty;
    this.type = type;
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    minutes =
        getRuntimeContext().getMapState(new MapStateDescriptor<>("minutes", Types.STRING, type));
    fired = getRuntimeContext().getState(new ValueStateDescriptor<>("fired", Types.BOOLEAN));
    tooLate =
        getRuntimeContext()
            .getMetricGroup()
            .addGroup(JobMetrics.GROUP)
            .counter("viewMinutesTooLate");
  }

  @Override
  public void processElement(Routed<A> minute, Context ctx, Collector<KpiPoint> out)
      throws Exception {
    long end = minute.windowStart() + minute.windowMs();
    if (end - 1 + allowedLatenessMs < ctx.timerService().currentWatermark()) {
      // its view was emitted and dropped: emitting it from this minute alone would be wrong
      tooLate.inc();
      return;
    }
    minutes.put(minute.part(), minute.totals());
    if (Boolean.TRUE.equals(fired.value())) {
      emit(minute.tags(), minute.windowStart(), minute.windowMs(), out);
    } else {
      ctx.timerService().registerEventTimeTimer(end - 1);
      ctx.timerService().registerEventTimeTimer(end + allowedLatenessMs);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiPoint> out)
      throws Exception {
    String[] key = ctx.getCurrentKey().split("\\|");
    long windowMs = Long.parseLong(key[key.length - 2]);
    long windowStart = Long.parseLong(key[key.length - 1]);
    if (timestamp == windowStart + windowMs - 1) {
      String tags = ctx.getCurrentKey().substring(0, ctx.getCurrentKey().lastIndexOf('|'));
      tags = tags.substring(0, tags.lastIndexOf('|'));
      emit(tags, windowStart, windowMs, out);
      fired.update(true);
    } else {
      minutes.clear();
      fired.clear();
    }
  }

  private void emit(String tags, long windowStart, long windowMs, Collector<KpiPoint> out)
      throws Exception {
    A merged = empty.get();
    for (A part : minutes.values()) {
      merged.addAll(part);
    }
    merged.emit(
        new KpiPoints(
            Instant.ofEpochMilli(windowStart),
            Duration.ofMillis(windowMs),
            SeriesKey.decode(tags),
            out::collect));
  }
}
