package com.opsmon.detection.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GammaTailTest {
  @Test
  void shapeOneIsTheExponentialTail() {
    for (double x : new double[] {0.1, 1, 5, 30, 300}) {
      assertThat(GammaTail.lnUpperTail(1, x)).isCloseTo(-x, within(1e-9 * Math.max(1, x)));
    }
  }

  @Test
  void shapeTwoIsExponentialTimesOnePlusX() {
    // Q(2, x) = e^{-x} (1 + x)
    for (double x : new double[] {0.5, 2, 10, 100}) {
      assertThat(GammaTail.lnUpperTail(2, x))
          .isCloseTo(-x + Math.log1p(x), within(1e-9 * Math.max(1, x)));
    }
  }

  @Test
  void nothingIsBelowZero() {
    assertThat(GammaTail.lnUpperTail(3.5, 0)).isZero();
  }

  @Test
  void lnGammaMatchesFactorialsAndRootPi() {
    assertThat(GammaTail.lnGamma(5)).isCloseTo(Math.log(24), within(1e-12));
    assertThat(GammaTail.lnGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-12));
    assertThat(GammaTail.lnGamma(0.1)).isCloseTo(2.252712651734206, within(1e-12));
  }
}
