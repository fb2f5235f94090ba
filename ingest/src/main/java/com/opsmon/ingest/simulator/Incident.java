package com.opsmon.ingest.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A disturbance injected into the simulated world.
 *
 * @param kind what happens, e.g. {@code payment_outage}
 * @param scope where, e.g. {@code {region: eu}} or {@code {warehouse: ams-1}}
 * @param severity how strongly, 0..1 (1 = total)
 */
public record Incident(
    String kind, Instant start, Duration duration, Map<String, String> scope, double severity) {
  public Incident {
    scope = Map.copyOf(scope);
  }

  public Instant end() {
    return start.plus(duration);
  }

  public boolean activeAt(Instant t) {
    return !t.isBefore(start) && t.isBefore(end());
  }
}
