package com.opsmon.jobs.time;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks that keep moving when traffic stops:
 *
 * <ul>
 *   <li>a source split that has seen nothing for {@code idleTimeout} takes its event time to have
 *       moved on with the clock since its last event, so the last windows close and "no orders" is
 *       noticed, and a quiet split holds the others' windows back by no more than a busy one;
 *   <li>a split that has seen no event since it started is idle, holding nobody back. In a job
 *       resumed from saved state, once {@code clockAfterRestore} has passed its event time follows
 *       the wall clock, so restored windows and rule timers still fire when nothing arrives. In a
 *       job started afresh it waits for its first event however long that takes: nothing is
 *       pending, and a backfill of last month's events must not find its windows already closed.
 * </ul>
 *
 * Idleness is measured on the input-activity clock, which stands still while the source is
 * back-pressured, so a busy job never mistakes unread data for silence. And event time never runs
 * ahead of the wall clock: a burst of events dated minutes ahead (a producer whose clock is fast)
 * does not drag everyone's windows forward; its events are counted when real time reaches them.
 */
public final class IdleAdvancingWatermarks<T> implements WatermarkGenerator<T> {
  private final long outOfOrdernessMs;
  private final long idleTimeoutMs;
  private final long clockAfterRestoreMs;
  private final LongSupplier activityClock;
  private final LongSupplier wallClock;

  private long maxTimestamp = Long.MIN_VALUE;
  private long lastEventAt;
  private long lastEmitted = Long.MIN_VALUE;

  /**
   * @param clockAfterRestore empty for a job started afresh
   * @param activityClock milliseconds on a clock that pauses under back-pressure
   * @param wallClock epoch milliseconds
   */
  public IdleAdvancingWatermarks(
      Duration outOfOrderness,
      Duration idleTimeout,
      Optional<Duration> clockAfterRestore,
      LongSupplier activityClock,
      LongSupplier wallClock) {
    this.outOfOrdernessMs = outOfOrderness.toMillis();
    this.idleTimeoutMs = idleTimeout.toMillis();
    this.clockAfterRestoreMs = clockAfterRestore.map(Duration::toMillis).orElse(Long.MAX_VALUE);
    this.activityClock = activityClock;
    this.wallClock = wallClock;
    this.lastEventAt = activityClock.getAsLong();
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    lastEventAt = activityClock.getAsLong();
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long idleFor = activityClock.getAsLong() - lastEventAt;
    if (maxTimestamp == Long.MIN_VALUE) {
      if (idleFor >= clockAfterRestoreMs) {
        emit(wallClock.getAsLong() - outOfOrdernessMs - idleTimeoutMs, output);
      } else if (idleFor >= idleTimeoutMs) {
        output.markIdle();
      }
      return;
    }
    long watermark = maxTimestamp - outOfOrdernessMs - 1;
    if (idleFor > idleTimeoutMs) {
      // its event time has moved on with the clock since the last event, and the watermark trails
      // it by the bound as a busy split's does: one quiet split must not hold every window of the
      // job (and every rule) back by the idle timeout as well
      watermark += idleFor;
    }
    emit(watermark, output);
  }

  /** How far the newest event was ahead of the wall clock (0 when none was): the skew seen. */
  public long aheadOfClockMs() {
    return Math.max(0, maxTimestamp - wallClock.getAsLong());
  }

  private void emit(long watermark, WatermarkOutput output) {
    // event time never runs ahead of real time: events stamped in the future (a producer's clock
    // ahead, within the accepted skew) wait for it, instead of closing everyone else's windows
    watermark = Math.min(watermark, wallClock.getAsLong() - outOfOrdernessMs - 1);
    if (watermark > lastEmitted) {
      lastEmitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
