package com.opsmon.jobs.kpi;

import java.time.Duration;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires a window when event time passes its end; while it is still open, on each boundary of {@code
 * every} of processing time (the clock's quarter seconds) when something arrived since, so the ops
 * room sees the minute fill up; and after its end, on the next such boundary when late elements
 * (within the allowed lateness) arrived, so the correction counts them all. An early firing is told
 * apart downstream by the watermark being short of the window's end.
 *
 * <p>Flink's event-time trigger fires once per late element. A backfill of late events then rewrote
 * the same minute, and every view over it, once per event; a quarter second's late elements now
 * make one correction. A correction still pending when the window's state is dropped fires then.
 */
public final class EarlyFirings extends Trigger<Object, TimeWindow> {
  /**
   * A quarter second: an event shows in its open window about half a second after it is posted (a
   * second's firings took twice that), and at 200 events/s the live monitor's CPU did not tell the
   * two apart (docs/PERFORMANCE.md).
   */
  public static final Duration EVERY = Duration.ofMillis(250);

  private static final ValueStateDescriptor<Long> EARLY_AT =
      new ValueStateDescriptor<>("early-firing-at", Types.LONG);

  private final long everyMs;

  public EarlyFirings() {
    this(EVERY);
  }

  EarlyFirings(Duration every) {
    this.everyMs = every.toMillis();
  }

  @Override
  public TriggerResult onElement(
      Object element, long timestamp, TimeWindow window, TriggerContext ctx) throws Exception {
    if (window.maxTimestamp() > ctx.getCurrentWatermark()) {
      ctx.registerEventTimeTimer(window.maxTimestamp());
    }
    ValueState<Long> earlyAt = ctx.getPartitionedState(EARLY_AT);
    if (earlyAt.value() == null) {
      // on the clock's boundaries of every: every series' minute fires at once, so a view totalling
      // them gets them together and shows one partial value (or one correction) for them all
      long now = ctx.getCurrentProcessingTime();
      long at = now - now % everyMs + everyMs;
      earlyAt.update(at);
      ctx.registerProcessingTimeTimer(at);
    }
    return TriggerResult.CONTINUE;
  }

  /** Open, what it holds so far; closed, a correction with the late elements since. */
  @Override
  public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx)
      throws Exception {
    ValueState<Long> earlyAt = ctx.getPartitionedState(EARLY_AT);
    if (earlyAt.value() == null) {
      return TriggerResult.CONTINUE;
    }
    earlyAt.clear();
    return TriggerResult.FIRE;
  }

  @Override
  public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx)
      throws Exception {
    if (time == window.maxTimestamp()) {
      // the final firing holds everything that arrived: nothing is pending after it
      cancelPending(ctx);
      return TriggerResult.FIRE;
    }
    // the end of the allowed lateness, just before the window's state is dropped
    if (ctx.getPartitionedState(EARLY_AT).value() != null) {
      cancelPending(ctx);
      return TriggerResult.FIRE;
    }
    return TriggerResult.CONTINUE;
  }

  private static void cancelPending(TriggerContext ctx) throws Exception {
    ValueState<Long> earlyAt = ctx.getPartitionedState(EARLY_AT);
    if (earlyAt.value() != null) {
      ctx.deleteProcessingTimeTimer(earlyAt.value());
      earlyAt.clear();
    }
  }

  @Override
  public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
    ctx.deleteEventTimeTimer(window.maxTimestamp());
    cancelPending(ctx);
  }

  @Override
  public String toString() {
    return "EarlyFirings(" + everyMs + " ms)";
  }
}
