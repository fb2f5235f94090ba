package com.opsmon.api.responses;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/kpis/{kpi}}: the KPI's points in window order, each with the anomaly
 * detector's expected value and band when they were asked for ({@code band=true}).
 */
public record KpiSeriesResponse(String kpi, Duration window, List<? extends Point> points) {
  /** One window of one series; {@code time} is the window start. */
  public sealed interface Point permits Value, WithBand {}

  /** A point alone. */
  public record Value(Instant time, Map<String, String> tags, double value) implements Point {}

  /**
   * A point with what the detector expected of it ({@code lower ≤ expected ≤ upper}); the three are
   * null where it does not know (see {@link com.opsmon.api.band.ExpectedBand}).
   */
  public record WithBand(
      Instant time,
      Map<String, String> tags,
      double value,
      Double expected,
      Double lower,
      Double upper)
      implements Point {}
}
