package com.opsmon.store;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import com.opsmon.model.kpi.KpiPoint;
import java.util.Set;

/**
 * How KPI points are laid out in the store: one measurement {@code kpi}; tags {@code kpi} (its
 * name), {@code window} (ISO duration), {@code series} (the canonical tag set) and every KPI tag in
 * its own column for filtering; one field {@code value}; the timestamp is the window start. {@code
 * (time, kpi, window, series)} identifies a point, so rewriting it replaces it.
 */
public final class KpiSchema {
  public static final String MEASUREMENT = "kpi";
  public static final String KPI = "kpi";
  public static final String WINDOW = "window";
  public static final String SERIES = "series";
  public static final String VALUE = "value";

  /** Names a KPI tag may not take, because the layout itself uses them. */
  public static final Set<String> RESERVED =
      Set.of(KPI, WINDOW, SERIES, VALUE, "time", "timestamp");

  /** QuestDB table with de-duplicating upserts on the point's identity. */
  public static final String QUESTDB_DDL =
      "CREATE TABLE IF NOT EXISTS kpi ("
          + "kpi SYMBOL, window SYMBOL, series SYMBOL, value DOUBLE, timestamp TIMESTAMP"
          + ") TIMESTAMP(timestamp) PARTITION BY DAY WAL"
          + " DEDUP UPSERT KEYS(timestamp, kpi, window, series)";

  private KpiSchema() {}

  /** Throws if the point cannot be stored: a tag takes a name the layout itself uses. */
  public static void check(KpiPoint point) {
    for (String tag : point.tags().keySet()) {
      if (RESERVED.contains(tag)) {
        throw new IllegalArgumentException("KPI tag name '" + tag + "' is reserved");
      }
    }
  }

  public static Point toPoint(KpiPoint point) {
    check(point);
    return Point.measurement(MEASUREMENT)
        .addTag(KPI, point.kpi())
        .addTag(WINDOW, point.window().toString())
        .addTag(SERIES, point.series())
        .addTags(point.tags())
        .addField(VALUE, point.value())
        .time(point.windowStart().toEpochMilli(), WritePrecision.MS);
  }
}
