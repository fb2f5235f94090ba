package com.opsmon.jobs.health;

import com.opsmon.model.events.Event;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Notes each event of one source as an {@link Arrival}, right where the source's typed stream
 * begins, so that "late" is judged against that source's own event time: an event is late when its
 * minute had already closed (the watermark had passed the minute's end) when it arrived, so its
 * minute's KPIs were emitted without it. It is then counted in the minute the watermark was in.
 */
public final class MarkArrival<E extends Event> extends ProcessFunction<E, Arrival> {
  private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();

  /** Regions are few; this bounds the cache should a producer invent many. */
  private static final int MAX_CACHED_REGIONS = 1024;

  private final String source;
  private final SerializableFunction<E, String> region;
  private transient Map<String, String> seriesByRegion;

  /**
   * @param region the event's region, or null when it has none
   */
  public MarkArrival(String source, SerializableFunction<E, String> region) {
    this.source = source;
    this.region = region;
  }

  @Override
  public void open(OpenContext openContext) {
    seriesByRegion = new HashMap<>();
  }

  @Override
  public void processElement(E event, Context ctx, Collector<Arrival> out) {
    long watermark = ctx.timerService().currentWatermark();
    long minute = minuteOf(ctx.timestamp());
    long lateIn = minute + MINUTE_MS - 1 <= watermark ? minuteOf(watermark + 1) : Arrival.ON_TIME;
    out.collect(new Arrival(source, series(region.apply(event)), lateIn));
  }

  /** The same few series for every event: made once per region, not once per event. */
  private String series(String region) {
    String key = region == null ? SeriesKey.UNKNOWN : region;
    String series = seriesByRegion.get(key);
    if (series == null) {
      series = SeriesKey.of(KpiCatalog.SOURCE, source, KpiCatalog.REGION, key);
      if (seriesByRegion.size() < MAX_CACHED_REGIONS) {
        seriesByRegion.put(key, series);
      }
    }
    return series;
  }

  static long minuteOf(long t) {
    return t - Math.floorMod(t, MINUTE_MS);
  }
}
