package com.opsmon.jobs.health;

import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * {@code watermark_lag} of one source (keyed by source): each time event time passes the end of a
 * minute, how many seconds the watermark trails the wall clock, as a point of the minute that just
 * closed ({@code region=all}). When event time jumps over several minutes at once (a backfill, a
 * restore), the point is for the last of them.
 *
 * <p>It needs only one element to start (see {@link FirstArrival}); after that each minute's timer
 * sets the next, so it keeps no keyed state but its timers. When the input ends (event time jumps
 * to its end) it stops.
 */
public final class WatermarkLag extends KeyedProcessFunction<String, Arrival, KpiPoint> {
  private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();

  private final SerializableSupplier<Long> wallClock;

  /**
   * @param wallClock epoch milliseconds
   */
  public WatermarkLag(SerializableSupplier<Long> wallClock) {
    this.wallClock = wallClock;
  }

  @Override
  public void processElement(Arrival arrival, Context ctx, Collector<KpiPoint> out) {
    long watermark = ctx.timerService().currentWatermark();
    long from = watermark == Long.MIN_VALUE ? ctx.timestamp() : watermark + 1;
    ctx.timerService().registerEventTimeTimer(MarkArrival.minuteOf(from) + MINUTE_MS - 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiPoint> out) {
    long watermark = ctx.timerService().currentWatermark();
    if (watermark == Long.MAX_VALUE) {
      return;
    }
    long open = MarkArrival.minuteOf(watermark + 1);
    out.collect(
        new KpiPoint(
            KpiCatalog.WATERMARK_LAG.name(),
            Instant.ofEpochMilli(open - MINUTE_MS),
            KpiCatalog.MINUTE,
            Map.of(KpiCatalog.SOURCE, ctx.getCurrentKey(), KpiCatalog.REGION, KpiDefinition.ALL),
            (wallClock.get() - watermark) / 1000.0));
    ctx.timerService().registerEventTimeTimer(open + MINUTE_MS - 1);
  }
}
