package com.opsmon.ingest.simulator;

/**
 * What every part of the simulated world shares: the agenda, the dice, the event outlet, the
 * incidents and the id counters.
 */
record SimContext(
    Timeline timeline, Dice dice, EventEmitter events, IncidentEffects incidents, Ids ids) {
  long now() {
    return timeline.now();
  }
}
