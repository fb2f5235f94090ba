package com.opsmon.jobs.time;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Bounded out-of-orderness watermarks that keep moving when traffic stops: once a source split has
 * seen nothing for {@code idleTimeout}, its event time advances with the wall clock from the last
 * event, so the last windows close and "no orders" can be noticed. A split that has never seen an
 * event is marked idle, so it holds nobody back.
 */
public final class IdleAdvancingWatermarks<T> implements WatermarkGenerator<T> {
  private final long outOfOrdernessMs;
  private final long idleTimeoutMs;
  private final SerializableSupplier<Long> clock;

  private long maxTimestamp = Long.MIN_VALUE;
  private long lastEventAt;
  private long lastEmitted = Long.MIN_VALUE;

  public IdleAdvancingWatermarks(
      Duration outOfOrderness, Duration idleTimeout, SerializableSupplier<Long> clock) {
    this.outOfOrdernessMs = outOfOrderness.toMillis();
    this.idleTimeoutMs = idleTimeout.toMillis();
    this.clock = clock;
    this.lastEventAt = clock.get();
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    lastEventAt = clock.get();
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long idleFor = clock.get() - lastEventAt;
    if (maxTimestamp == Long.MIN_VALUE) {
      if (idleFor >= idleTimeoutMs) {
        output.markIdle();
      }
      return;
    }
    long watermark = maxTimestamp - outOfOrdernessMs - 1;
    if (idleFor > idleTimeoutMs) {
      watermark += idleFor - idleTimeoutMs;
    }
    if (watermark > lastEmitted) {
      lastEmitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
