package com.opsmon.jobs.kpi;

import java.time.Duration;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires a window when event time passes its end, and on every late element after that (as Flink's
 * event-time trigger does); and while it is still open, on each boundary of {@code every} of
 * processing time (the clock's quarter seconds) when something arrived since, so the ops room sees
 * the minute fill up. An early firing is told apart downstream by the watermark being short of the
 * window's end.
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
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
      return TriggerResult.FIRE; // a late element within the allowed lateness: a correction
    }
    ctx.registerEventTimeTimer(window.maxTimestamp());
    ValueState<Long> earlyAt = ctx.getPartitionedState(EARLY_AT);
    if (earlyAt.value() == null) {
      // on the clock's boundaries of every: every series' minute fires at once, so a view totalling
      // them gets them together and shows one partial value for them all
      long now = ctx.getCurrentProcessingTime();
      long at = now - now % everyMs + everyMs;
      earlyAt.update(at);
      ctx.registerProcessingTimeTimer(at);
    }
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx)
      throws Exception {
    ctx.getPartitionedState(EARLY_AT).clear();
    return window.maxTimestamp() > ctx.getCurrentWatermark()
        ? TriggerResult.FIRE
        : TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
    return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
  }

  @Override
  public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
    ctx.deleteEventTimeTimer(window.maxTimestamp());
    ValueState<Long> earlyAt = ctx.getPartitionedState(EARLY_AT);
    if (earlyAt.value() != null) {
      ctx.deleteProcessingTimeTimer(earlyAt.value());
      earlyAt.clear();
    }
  }

  @Override
  public String toString() {
    return "EarlyFirings(" + everyMs + " ms)";
  }
}
