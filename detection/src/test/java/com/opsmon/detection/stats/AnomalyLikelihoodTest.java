package com.opsmon.detection.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyLikelihoodTest {
  /** Tabulated tails; the error-function fit is good to about 1e-5 relative, 5e-6 in log10. */
  @Test
  void gaussianTailMatchesTabulatedValues() {
    assertThat(AnomalyLikelihood.log10UpperTail(0)).isCloseTo(Math.log10(0.5), within(5e-6));
    assertThat(AnomalyLikelihood.log10UpperTail(3))
        .isCloseTo(Math.log10(1.3498980316e-3), within(5e-6));
    assertThat(AnomalyLikelihood.log10UpperTail(10))
        .isCloseTo(Math.log10(7.6198530242e-24), within(5e-5));
    assertThat(AnomalyLikelihood.log10UpperTail(-3))
        .isCloseTo(Math.log10(1 - 1.3498980316e-3), within(5e-6));
  }

  @Test
  void shouldScoreNothingWhileWarmingUpOrWhenSurpriseIsUsual() {
    AnomalyLikelihood likelihood = new AnomalyLikelihood(7, 2000);
    Random random = new Random(1);
    for (int i = 0; i < AnomalyLikelihood.WARM_UP; i++) {
      double z = random.nextGaussian();
      assertThat(likelihood.score(z * z / 2)).isZero();
    }
    assertThat(likelihood.score(0.0)).isZero();
  }

  @Test
  void shouldScoreASurpriseFarBeyondItsHistoryNearOne() {
    AnomalyLikelihood likelihood = new AnomalyLikelihood(7, 2000);
    Random random = new Random(2);
    for (int i = 0; i < 3000; i++) {
      double z = random.nextGaussian();
      likelihood.score(z * z / 2);
    }
    // a 10-sigma residual
    assertThat(likelihood.score(50)).isEqualTo(1.0);
  }

  @Test
  void shouldJudgeEachSeriesAgainstItsOwnHistory() {
    AnomalyLikelihood quiet = new AnomalyLikelihood(7, 2000);
    AnomalyLikelihood noisy = new AnomalyLikelihood(7, 2000);
    Random random = new Random(3);
    for (int i = 0; i < 3000; i++) {
      double z = random.nextGaussian();
      quiet.score(z * z / 2);
      // a heavy-tailed history: one point in twenty is a 6-sigma outlier
      noisy.score(random.nextDouble() < 0.05 ? 18 : z * z / 2);
    }
    assertThat(noisy.score(8)).isLessThan(quiet.score(8));
  }
}
