package com.opsmon.alerting;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Severity;
import java.time.Instant;
import java.util.Map;

/** Alert signals as the stream jobs' rules write them, for tests. */
public final class TestSignals {
  private TestSignals() {}

  public static AlertSignal firing(String region, Instant startsAt) {
    return firing("orders_stopped", Map.of("region", region), Severity.CRITICAL, startsAt);
  }

  public static AlertSignal resolved(String region, Instant startsAt, Instant endsAt) {
    return resolved(
        "orders_stopped", Map.of("region", region), Severity.CRITICAL, startsAt, endsAt);
  }

  public static AlertSignal firing(
      String rule, Map<String, String> labels, Severity severity, Instant startsAt) {
    return new AlertSignal(
        rule,
        labels,
        AlertStatus.FIRING,
        severity,
        rule + " " + labels,
        0.0,
        "> 0",
        startsAt,
        null,
        "docs/runbooks/" + rule + ".md");
  }

  public static AlertSignal resolved(
      String rule,
      Map<String, String> labels,
      Severity severity,
      Instant startsAt,
      Instant endsAt) {
    return new AlertSignal(
        rule,
        labels,
        AlertStatus.RESOLVED,
        severity,
        rule + " " + labels + " is back",
        4.0,
        "> 0",
        startsAt,
        endsAt,
        "docs/runbooks/" + rule + ".md");
  }
}
