package com.opsmon.ingest.simulator;

import java.time.Instant;
import java.util.function.Consumer;

/** PLACEHOLDER until the simulated world lands: the API the launcher programs against. */
public final class RetailSimulator {
  private final SimulationSettings settings;

  public RetailSimulator(SimulationSettings settings) {
    this.settings = settings;
  }

  /**
   * Emits, in event-time order, every event with occurredAt before {@code until} not yet emitted.
   */
  public void advanceTo(Instant until, Consumer<SimulatedEvent> out) {
    throw new UnsupportedOperationException("not yet");
  }
}
