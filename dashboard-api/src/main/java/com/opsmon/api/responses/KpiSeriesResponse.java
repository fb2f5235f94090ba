package com.opsmon.api.responses;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/kpis/{kpi}}: the KPI's points in window order. */
public record KpiSeriesResponse(String kpi, Duration window, List<Point> points) {
  /** One window of one series; {@code time} is the window start. */
  public record Point(Instant time, Map<String, String> tags, double value) {}
}
