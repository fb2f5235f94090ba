package com.opsmon.jobs.care;

import com.opsmon.jobs.JobMetrics;
import com.opsmon.jobs.kpi.Minute;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The open tickets of one series (keyed by series), sampled at the end of every minute of event
 * time: the changes of a minute ({@link TicketFact#openDelta()}) are applied when the watermark
 * passes its end, and the level is emitted as that minute's {@link OpenTickets}.
 *
 * <ul>
 *   <li>While tickets are open, every minute is sampled, changes or not. When the level comes back
 *       to 0 that minute is sampled as 0 and the series is forgotten until a ticket opens again: a
 *       series without open tickets has no points, and keeps no state.
 *   <li>A change that arrives after its minute was sampled is applied to the next sample: a level
 *       already emitted is not rewritten.
 *   <li>When event time jumps forward by more than {@code horizon} (live traffic after a backfill
 *       of old events, a restore after a long stop), the minutes it leaves more than {@code
 *       horizon} behind are not sampled, their changes only applied: a jump over a month would
 *       otherwise write every minute of the month for every series. The decision depends on event
 *       time alone, so every series skips the same minutes and the totals stay whole.
 *   <li>When a finite input ends (event time jumps to its end), every series with open tickets is
 *       sampled up to the minute of the latest ticket fact this instance saw, and no further; so a
 *       finite input gives the same samples however event time advanced before its end, and the
 *       totals over series stay whole to its last minute.
 * </ul>
 *
 * It reads every ticket fact: those that change nothing still tell how far the input reaches. State
 * has a processing-time TTL of {@code stateTtl}, refreshed at every sample.
 */
public final class SampleOpenTickets
    extends KeyedProcessFunction<String, TicketFact, Minute<OpenTickets>> {
  private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();

  private final long horizonMs;
  private final Duration stateTtl;
  private transient ValueState<Long> level;
  private transient MapState<Long, Long> changes;
  private transient Counter skipped;

  /** The latest fact's time, per instance: where a finite input ends. */
  private transient long latestFact;

  /**
   * @param horizon how far behind event time a minute may close and still be sampled: the allowed
   *     lateness
   */
  public SampleOpenTickets(Duration horizon, Duration stateTtl) {
    this.horizonMs = horizon.toMillis();
    this.stateTtl = stateTtl;
  }

  @Override
  public void open(OpenContext openContext) {
    StateTtlConfig ttl =
        StateTtlConfig.newBuilder(stateTtl)
            .updateTtlOnCreateAndWrite()
            .neverReturnExpired()
            .build();
    ValueStateDescriptor<Long> levelState = new ValueStateDescriptor<>("level", Types.LONG);
    levelState.enableTimeToLive(ttl);
    level = getRuntimeContext().getState(levelState);
    MapStateDescriptor<Long, Long> changesState =
        new MapStateDescriptor<>("changes", Types.LONG, Types.LONG);
    changesState.enableTimeToLive(ttl);
    changes = getRuntimeContext().getMapState(changesState);
    skipped =
        getRuntimeContext()
            .getMetricGroup()
            .addGroup(JobMetrics.GROUP)
            .counter("openTicketMinutesSkipped");
    latestFact = Long.MIN_VALUE;
  }

  @Override
  public void processElement(TicketFact fact, Context ctx, Collector<Minute<OpenTickets>> out)
      throws Exception {
    latestFact = Math.max(latestFact, ctx.timestamp());
    if (fact.openDelta() == 0) {
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    long minute = minuteOf(ctx.timestamp());
    if (minute + MINUTE_MS - 1 <= watermark) {
      minute = minuteOf(watermark + 1);
    }
    Long change = changes.get(minute);
    changes.put(minute, (change == null ? 0 : change) + fact.openDelta());
    ctx.timerService().registerEventTimeTimer(minute + MINUTE_MS - 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Minute<OpenTickets>> out)
      throws Exception {
    long minute = timestamp + 1 - MINUTE_MS;
    Long change = changes.get(minute);
    if (change != null) {
      changes.remove(minute);
    }
    Long before = level.value();
    long now = (before == null ? 0 : before) + (change == null ? 0 : change);
    long watermark = ctx.timerService().currentWatermark();
    boolean inputEnded = watermark == Long.MAX_VALUE;
    if (inputEnded || timestamp + horizonMs >= watermark) {
      out.collect(new Minute<>(ctx.getCurrentKey(), minute, new OpenTickets(now)));
    } else {
      skipped.inc();
    }
    if (now == 0) {
      level.clear();
      return;
    }
    level.update(now);
    long next = timestamp + MINUTE_MS;
    if (inputEnded) {
      if (next + 1 - MINUTE_MS <= minuteOf(latestFact)) {
        ctx.timerService().registerEventTimeTimer(next);
      }
    } else {
      // the first minute still within the horizon, if event time has jumped past the next one
      long firstSampled = minuteOf(watermark - horizonMs) + MINUTE_MS - 1;
      ctx.timerService().registerEventTimeTimer(Math.max(next, firstSampled));
    }
  }

  private static long minuteOf(long t) {
    return t - Math.floorMod(t, MINUTE_MS);
  }
}
