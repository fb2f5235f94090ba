package com.opsmon.jobs.kpi;

import com.opsmon.jobs.JobMetrics;
import com.opsmon.jobs.time.EventTime;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * One view (a series, a window size, a window start): keeps the latest accumulator of each minute
 * in it, and when event time passes the window's end merges them and emits the view's points. A
 * minute corrected later (a late event re-fired it) replaces its earlier self and the view is
 * emitted again, once for all the minutes corrected within {@link #PARTIAL_GATHER_MS} (a backfill
 * corrects many series' minutes together, and a total or an hour's view holds many of them), until
 * the allowed lateness has passed; then the state is dropped, a pending correction emitted first.
 *
 * <p>Partial minutes (still open) are kept apart, each until its final self arrives. While the
 * window is open, the view shows what it holds so far — final minutes and open ones — as partial
 * points on the {@link #PARTIAL} side output, for the KPIs and windows of its {@link PartialScope}.
 * Open minutes arriving within {@link #PARTIAL_GATHER_MS} of each other make one partial value (the
 * minute windows fire early together on the second, so a total over many series shows them once a
 * second). The final points never see an open minute.
 *
 * <p>A view longer than the allowed lateness (a day's) folds the minutes no event can correct any
 * more into one accumulator, every {@link #SETTLE_EVERY_MS} of event time: it holds at most the
 * lateness's worth of minutes of each series, not the whole day's. A minute arriving for a folded
 * time is too late and ignored.
 */
public final class ViewFunction<A extends KpiAccumulator<A>>
    extends KeyedProcessFunction<String, Routed<A>, KpiPoint> {
  /** Points of windows still open, what they hold so far; never stored or judged. */
  public static final OutputTag<KpiPoint> PARTIAL =
      new OutputTag<>("kpi-partial", TypeInformation.of(KpiPoint.class));

  /** How long a view gathers open minutes before it shows them. */
  static final long PARTIAL_GATHER_MS = 100;

  /** How often a long view folds the minutes that settled. */
  static final long SETTLE_EVERY_MS = 15 * EventTime.MINUTE;

  private final SerializableSupplier<A> empty;
  private final TypeInformation<A> type;
  private final long allowedLatenessMs;
  private final PartialScope partialScope;

  private transient MapState<String, A> minutes;
  private transient MapState<String, A> openMinutes;
  private transient ValueState<A> settled;
  private transient ValueState<Boolean> fired;
  private transient ValueState<Boolean> corrected;
  private transient Counter tooLate;

  public ViewFunction(
      SerializableSupplier<A> empty,
      TypeInformation<A> type,
      Duration allowedLateness,
      PartialScope partialScope) {
    this.empty = empty;
    this.type = type;
    this.allowedLatenessMs = allowedLateness.toMillis();
    this.partialScope = partialScope;
  }

  @Override
  public void open(OpenContext openContext) {
    minutes =
        getRuntimeContext().getMapState(new MapStateDescriptor<>("minutes", Types.STRING, type));
    openMinutes =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("open-minutes", Types.STRING, type));
    settled = getRuntimeContext().getState(new ValueStateDescriptor<>("settled", type));
    fired = getRuntimeContext().getState(new ValueStateDescriptor<>("fired", Types.BOOLEAN));
    corrected =
        getRuntimeContext().getState(new ValueStateDescriptor<>("corrected", Types.BOOLEAN));
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
    long watermark = ctx.timerService().currentWatermark();
    if (end - 1 + allowedLatenessMs < watermark) {
      // its view was emitted and dropped: emitting it from this minute alone would be wrong
      tooLate.inc();
      return;
    }
    if (minute.partial()) {
      if (end - 1 > watermark
          && partialScope.covers(
              minute.windowMs())) { // a closed window's points are final: nothing partial is shown
        openMinutes.put(minute.part(), minute.totals());
        gather(ctx);
        registerEnd(ctx, end);
      }
      return;
    }
    openMinutes.remove(minute.part());
    if (settles(minute.windowMs())) {
      long minuteEnd = minuteStart(minute.part()) + EventTime.MINUTE - 1;
      if (EventTime.tooLate(minuteEnd, allowedLatenessMs, watermark)) {
        tooLate.inc(); // its minute is folded into the settled ones: it cannot replace itself
        return;
      }
      long settlesAt = minuteEnd + allowedLatenessMs;
      ctx.timerService()
          .registerEventTimeTimer(settlesAt - settlesAt % SETTLE_EVERY_MS + SETTLE_EVERY_MS);
    }
    minutes.put(minute.part(), minute.totals());
    if (Boolean.TRUE.equals(fired.value())) {
      corrected.update(true);
      gather(ctx);
    } else {
      registerEnd(ctx, end);
    }
  }

  /** Shows what arrives within the next boundary of {@link #PARTIAL_GATHER_MS} together. */
  private void gather(Context ctx) {
    long now = ctx.timerService().currentProcessingTime();
    ctx.timerService()
        .registerProcessingTimeTimer(now - now % PARTIAL_GATHER_MS + PARTIAL_GATHER_MS);
  }

  private void registerEnd(Context ctx, long end) {
    ctx.timerService().registerEventTimeTimer(end - 1);
    ctx.timerService().registerEventTimeTimer(end + allowedLatenessMs);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiPoint> out)
      throws Exception {
    String[] key = ctx.getCurrentKey().split("\\|");
    long windowMs = Long.parseLong(key[key.length - 2]);
    long windowStart = Long.parseLong(key[key.length - 1]);
    String tags = ctx.getCurrentKey().substring(0, ctx.getCurrentKey().lastIndexOf('|'));
    tags = tags.substring(0, tags.lastIndexOf('|'));
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      if (Boolean.TRUE.equals(corrected.value())) {
        corrected.clear();
        emit(tags, windowStart, windowMs, false, out::collect);
      } else if (windowStart + windowMs - 1 > ctx.timerService().currentWatermark()
          && !openMinutes.isEmpty()) {
        emit(
            tags,
            windowStart,
            windowMs,
            true,
            p -> {
              if (partialScope.covers(p)) {
                ctx.output(PARTIAL, p);
              }
            });
      }
    } else if (timestamp == windowStart + windowMs - 1) {
      emit(tags, windowStart, windowMs, false, out::collect);
      fired.update(true);
    } else if (timestamp == windowStart + windowMs + allowedLatenessMs) {
      if (Boolean.TRUE.equals(corrected.value())) {
        emit(tags, windowStart, windowMs, false, out::collect);
      }
      minutes.clear();
      openMinutes.clear();
      settled.clear();
      fired.clear();
      corrected.clear();
    } else {
      settle(ctx.timerService().currentWatermark());
    }
  }

  /** Whether views of this length fold their settled minutes. */
  private boolean settles(long windowMs) {
    return windowMs > allowedLatenessMs;
  }

  /** The start of the minute a part is, from its name (series, {@code @}, minute start). */
  static long minuteStart(String part) {
    return Long.parseLong(part, part.lastIndexOf('@') + 1, part.length(), 10);
  }

  /** Folds the minutes no event can correct any more into {@link #settled}. */
  private void settle(long watermark) throws Exception {
    A folded = null;
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, A> part : minutes.entries()) {
      long minuteEnd = minuteStart(part.getKey()) + EventTime.MINUTE - 1;
      if (EventTime.tooLate(minuteEnd, allowedLatenessMs, watermark)) {
        if (folded == null) {
          folded = settled.value() == null ? empty.get() : settled.value();
        }
        folded.addAll(part.getValue());
        done.add(part.getKey());
      }
    }
    for (String part : done) {
      minutes.remove(part);
    }
    if (folded != null) {
      settled.update(folded);
    }
  }

  /** The view's points from its final minutes, and with {@code soFar} its open ones too. */
  private void emit(
      String tags, long windowStart, long windowMs, boolean soFar, Consumer<KpiPoint> out)
      throws Exception {
    A merged = empty.get();
    A folded = settled.value();
    if (folded != null) {
      merged.addAll(folded);
    }
    for (A part : minutes.values()) {
      merged.addAll(part);
    }
    if (soFar) {
      for (Map.Entry<String, A> open : openMinutes.entries()) {
        if (!minutes.contains(open.getKey())) {
          merged.addAll(open.getValue());
        }
      }
    }
    merged.emit(
        new KpiPoints(
            Instant.ofEpochMilli(windowStart),
            Duration.ofMillis(windowMs),
            SeriesKey.decode(tags),
            out));
  }
}
