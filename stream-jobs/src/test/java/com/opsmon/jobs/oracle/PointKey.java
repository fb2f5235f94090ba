package com.opsmon.jobs.oracle;

import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** What identifies a KPI value: the KPI, its series, the window size and the window start. */
record PointKey(String kpi, String series, Duration window, Instant start)
    implements Comparable<PointKey> {
  static PointKey of(KpiPoint p) {
    return new PointKey(p.kpi(), p.series(), p.window(), p.windowStart());
  }

  static PointKey of(String kpi, Map<String, String> tags, Duration window, Instant start) {
    return new PointKey(kpi, SeriesKey.encode(tags), window, start);
  }

  @Override
  public int compareTo(PointKey o) {
    int c = kpi.compareTo(o.kpi);
    if (c == 0) c = start.compareTo(o.start);
    if (c == 0) c = window.compareTo(o.window);
    if (c == 0) c = series.compareTo(o.series);
    return c;
  }

  @Override
  public String toString() {
    return kpi + "{" + series + "} " + window + " @" + start;
  }
}
