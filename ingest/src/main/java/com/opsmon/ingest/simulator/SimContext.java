package com.opsmon.ingest.simulator;

/**
 * What every part of the simulated world shares: the agenda, the dice, the event outlet, the
 * incidents, the id counters and the catalogue.
 */
record SimContext(
    Timeline timeline,
    Dice dice,
    EventEmitter events,
    IncidentEffects incidents,
    Ids ids,
    Catalogue catalogue) {
  long now() {
    return timeline.now();
  }
}
