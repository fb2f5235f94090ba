package com.opsmon.store;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiPoint;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

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

  /**
   * Every tag a catalogue KPI carries, each a column of its own. QuestDB's line protocol would add
   * a missing column on first sight, but a column added while points stream in is a structure
   * change in the middle of ingest: a process killed inside one has left the table refusing every
   * later column ("possible corruption in transaction metadata", questdb/questdb#7110). Made up
   * front, the table's structure never changes while the monitor runs.
   */
  public static final List<String> TAG_COLUMNS =
      KpiCatalog.all().stream().flatMap(kpi -> kpi.tags().stream()).distinct().sorted().toList();

  /** QuestDB table with de-duplicating upserts on the point's identity and every tag column. */
  public static final String QUESTDB_DDL =
      "CREATE TABLE IF NOT EXISTS kpi ("
          + "kpi SYMBOL, window SYMBOL, series SYMBOL, value DOUBLE, timestamp TIMESTAMP"
          + TAG_COLUMNS.stream().map(tag -> ", " + tag + " SYMBOL").collect(Collectors.joining())
          + ") TIMESTAMP(timestamp) PARTITION BY DAY WAL"
          + " DEDUP UPSERT KEYS(timestamp, kpi, window, series)";

  /**
   * Statements adding the tag columns a table made by an earlier version lacks, run at start-up
   * rather than mid-ingest. Only the missing ones: QuestDB refuses a no-op change to a WAL table.
   */
  public static List<String> questDbAddMissingColumns(Collection<String> columns) {
    return TAG_COLUMNS.stream()
        .filter(tag -> !columns.contains(tag))
        .map(tag -> "ALTER TABLE kpi ADD COLUMN " + tag + " SYMBOL")
        .toList();
  }

  private KpiSchema() {}

  /** Throws if the point cannot be stored: a tag takes a name the layout itself uses. */
  public static void check(KpiPoint point) {
    for (String tag : point.tags().keySet()) {
      if (RESERVED.contains(tag)) {
        throw new IllegalArgumentException("KPI tag name '" + tag + "' is reserved");
      }
    }
  }

  /** The point as line protocol for the given store, whose parsers differ on backslashes. */
  public static Point toPoint(KpiPoint point, StoreSettings.Kind store) {
    check(point);
    UnaryOperator<String> tagValue =
        store == StoreSettings.Kind.QUESTDB ? KpiSchema::questDbTagValue : v -> v;
    Point written =
        Point.measurement(MEASUREMENT)
            .addTag(KPI, point.kpi())
            .addTag(WINDOW, point.window().toString())
            .addTag(SERIES, tagValue.apply(point.series()));
    point.tags().forEach((name, value) -> written.addTag(name, tagValue.apply(value)));
    return written
        .addField(VALUE, point.value())
        .time(point.windowStart().toEpochMilli(), WritePrecision.MS);
  }

  /**
   * A tag value whose backslashes survive QuestDB's line protocol parser. The client escapes
   * commas, equals signs and spaces but not backslashes; QuestDB reads a backslash before a
   * backslash as an escape (InfluxDB keeps both), so the series key of a tag value with a comma
   * ({@code sku=a\\,b}) read as a bare comma, and QuestDB refused the whole batch with 400.
   */
  static String questDbTagValue(String tagValue) {
    return tagValue.replace("\\", "\\\\");
  }
}
