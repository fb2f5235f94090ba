package com.opsmon.ingest.simulator;

import java.time.Instant;
import java.util.List;

/**
 * What to simulate: the seed (same seed, same events), when the simulated world starts, the average
 * total event rate it aims for, the incidents to inject, and how many SKUs the retailer sells.
 */
public record SimulationSettings(
    long seed, Instant start, double eventsPerSecond, List<Incident> incidents, int skus) {
  /** The SKUs of the default catalogue, every one of them named. */
  public static final int STANDARD_SKUS = Catalogue.NAMED.size();

  public SimulationSettings {
    incidents = List.copyOf(incidents);
    if (eventsPerSecond <= 0) {
      throw new IllegalArgumentException("the event rate must be positive");
    }
    if (skus < 1) {
      throw new IllegalArgumentException("the retailer must sell at least one SKU");
    }
  }

  /** The standard catalogue's retailer. */
  public SimulationSettings(
      long seed, Instant start, double eventsPerSecond, List<Incident> incidents) {
    this(seed, start, eventsPerSecond, incidents, STANDARD_SKUS);
  }
}
