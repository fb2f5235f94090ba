package com.opsmon.detection.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResidualDriftTest {
  @Test
  void shouldSayNothingWhileWarmingUp() {
    ResidualDrift drift = new ResidualDrift(16, 2000);
    for (int i = 0; i < AnomalyLikelihood.WARM_UP; i++) {
      assertThat(drift.surprisal(i < 100 ? 0 : 5)).isZero();
    }
  }

  @Test
  void shouldRarelyBeSurprisedByIndependentGaussianResiduals() {
    ResidualDrift drift = new ResidualDrift(16, 2000);
    Random random = new Random(1);
    int beyond = 0;
    int scored = 0;
    for (int i = 0; i < 100_000; i++) {
      double s = drift.surprisal(random.nextGaussian());
      if (i >= 2_000) {
        scored++;
        if (s >= 2) {
          beyond++;
        }
      }
    }
    // p ≤ 10⁻² at most 1% of the time: the Laplace tail is heavier than the Gaussian average's
    assertThat(beyond / (double) scored).isLessThan(0.01);
  }

  @Test
  void shouldFindResidualsLeaningToOneSideSurprisingButNotOneLargeResidual() {
    ResidualDrift leaning = trained(new ResidualDrift(16, 2000), 0);
    ResidualDrift single = trained(new ResidualDrift(16, 2000), 0);
    for (int i = 0; i < 64; i++) {
      leaning.surprisal(0);
      single.surprisal(0);
    }

    double lean = 0;
    for (int i = 0; i < 16; i++) {
      lean = leaning.surprisal(2);
    }
    double once = single.surprisal(4);

    assertThat(lean).isGreaterThan(3); // p < 10⁻³
    assertThat(once).isLessThan(2);
  }

  @Test
  void shouldLearnHowMuchThisSeriesUsuallyLeans() {
    ResidualDrift white = trained(new ResidualDrift(16, 2000), 0);
    ResidualDrift persistent = trained(new ResidualDrift(16, 2000), 0.95);

    double whiteLean = 0;
    double persistentLean = 0;
    for (int i = 0; i < 16; i++) {
      whiteLean = white.surprisal(1.5);
      persistentLean = persistent.surprisal(1.5);
    }

    // residuals that wander by themselves (autocorrelated) make the same lean less surprising
    assertThat(persistentLean).isLessThan(whiteLean / 2);
  }

  /** Feeds 5,000 residuals of unit variance, AR(1) with coefficient {@code phi}. */
  private static ResidualDrift trained(ResidualDrift drift, double phi) {
    Random random = new Random(7);
    double x = 0;
    for (int i = 0; i < 5_000; i++) {
      x = phi * x + Math.sqrt(1 - phi * phi) * random.nextGaussian();
      drift.surprisal(x);
    }
    return drift;
  }
}
