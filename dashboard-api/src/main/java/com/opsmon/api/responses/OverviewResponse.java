package com.opsmon.api.responses;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/overview}: the wall-screen snapshot at {@code at} — headline KPIs, firing
 * alerts, data health.
 */
public record OverviewResponse(
    Instant at, List<Headline> headlines, Alerts alerts, DataHealth dataHealth) {

  /**
   * A headline series: its newest point in the recent past ({@code time}, {@code value}; null when
   * there is none), compared with the same window a day and a week earlier, and the recent values
   * in window order for a sparkline.
   */
  public record Headline(
      String kpi,
      String unit,
      Map<String, String> tags,
      Duration window,
      Instant time,
      Double value,
      Change yesterday,
      Change lastWeek,
      List<Double> sparkline) {}

  /**
   * The value then and the change since: {@code delta = value now - then}; {@code ratio = delta /
   * then}, null when then was 0.
   */
  public record Change(Instant time, double value, double delta, Double ratio) {}

  /**
   * The active alerts (firing, acknowledged or flapping), counted by severity (every severity
   * present) and listed oldest first; {@code known} is false when this API reads no alert state.
   */
  public record Alerts(boolean known, Map<String, Integer> bySeverity, List<Alert> active) {}

  /**
   * One active alert; {@code state} is {@code firing}, {@code acknowledged} or {@code flapping}.
   */
  public record Alert(
      String fingerprint,
      String rule,
      String state,
      String severity,
      String summary,
      Map<String, String> labels,
      Double value,
      Instant startsAt,
      String runbookUrl) {}

  /** Each source's health; {@code silent} lists the sources that went quiet. */
  public record DataHealth(List<Source> sources, List<String> silent) {}

  /**
   * A source: its newest watermark lag (seconds, null if none recently), and the end of its newest
   * minute with events (null if none recently).
   */
  public record Source(
      String source,
      Double watermarkLagSeconds,
      Instant watermarkLagAt,
      Instant lastEventsAt,
      boolean silent) {}
}
