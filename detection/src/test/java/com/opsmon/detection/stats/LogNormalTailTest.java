package com.opsmon.detection.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogNormalTailTest {
  @Test
  void shouldSayNothingWhileWarmingUp() {
    LogNormalTail tail = new LogNormalTail(2000, 300);
    Random random = new Random(1);
    for (int i = 0; i < 300; i++) {
      assertThat(tail.surprisal(Math.exp(random.nextGaussian()), 1e-9)).isZero();
    }
  }

  @Test
  void shouldBeCalibratedOnLogNormalMeasurements() {
    LogNormalTail tail = new LogNormalTail(2000, 300);
    Random random = new Random(2);
    int beyond = 0;
    int scored = 0;
    for (int i = 0; i < 100_000; i++) {
      double s = tail.surprisal(3 * Math.exp(0.5 * random.nextGaussian()), 1e-9);
      if (i >= 2_000) {
        scored++;
        if (s >= 2) {
          beyond++;
        }
      }
    }
    // p ≤ 10⁻² about 1% of the time
    assertThat(beyond / (double) scored).isCloseTo(0.01, within(0.003));
  }

  @Test
  void shouldFindAMeasurementFarBeyondItsHistorySurprising() {
    LogNormalTail tail = new LogNormalTail(2000, 300);
    Random random = new Random(3);
    for (int i = 0; i < 3_000; i++) {
      tail.surprisal(Math.exp(0.2 * random.nextGaussian()), 1e-9);
    }
    assertThat(tail.surprisal(Math.exp(2.0), 1e-9)).isGreaterThan(20);
    assertThat(tail.surprisal(Math.exp(-2.0), 1e-9)).isZero();
  }

  @Test
  void shouldTreatAnExactlyRepeatingSeriesAsUnsurprisingUntilItChanges() {
    LogNormalTail tail = new LogNormalTail(2000, 300);
    for (int i = 0; i < 1_000; i++) {
      assertThat(tail.surprisal(0, 1e-6)).isZero();
    }
    assertThat(tail.surprisal(1, 1e-6)).isGreaterThan(10);
  }
}
