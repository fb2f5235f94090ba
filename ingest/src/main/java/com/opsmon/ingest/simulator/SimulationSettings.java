package com.opsmon.ingest.simulator;

import java.time.Instant;
import java.util.List;

/**
 * What to simulate: the seed (same seed, same events), when the simulated world starts, the average
 * total event rate it aims for, and the incidents to inject.
 */
public record SimulationSettings(
    long seed, Instant start, double eventsPerSecond, List<Incident> incidents) {
  public SimulationSettings {
    incidents = List.copyOf(incidents);
    if (eventsPerSecond <= 0) {
      throw new IllegalArgumentException("the event rate must be positive");
    }
  }
}
