package com.opsmon.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiveSimulationTest {
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void aFeedThatKeepsUpSimulatesToTheClock() {
    assertThat(LiveSimulation.nextStep(NOW.minusMillis(200), NOW)).isEqualTo(NOW);
  }

  @Test
  void aFeedBehindTheClockCatchesUpAtMostOneStepABatch() {
    Instant behind = NOW.minusSeconds(90);

    assertThat(LiveSimulation.nextStep(behind, NOW))
        .isEqualTo(behind.plus(LiveSimulation.MAX_STEP));
  }

  @Test
  void aFeedExactlyOneStepBehindReachesTheClock() {
    assertThat(LiveSimulation.nextStep(NOW.minus(LiveSimulation.MAX_STEP), NOW)).isEqualTo(NOW);
  }
}
