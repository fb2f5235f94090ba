package com.opsmon.alerting;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Severity;
import java.time.Instant;
import java.util.Map;

/** Alert signals of the orders_stopped rule, for tests. */
public final class TestSignals {
  private TestSignals() {}

  public static AlertSignal firing(String region, Instant startsAt) {
    return new AlertSignal(
        "orders_stopped",
        Map.of("region", region),
        AlertStatus.FIRING,
        Severity.CRITICAL,
        "No orders from " + region,
        0.0,
        "> 0 orders per PT1M",
        startsAt,
        null,
        "docs/runbooks/orders_stopped.md");
  }

  public static AlertSignal resolved(String region, Instant startsAt, Instant endsAt) {
    return new AlertSignal(
        "orders_stopped",
        Map.of("region", region),
        AlertStatus.RESOLVED,
        Severity.CRITICAL,
        "Orders from " + region + " are back",
        4.0,
        "> 0 orders per PT1M",
        startsAt,
        endsAt,
        "docs/runbooks/orders_stopped.md");
  }
}
