package com.opsmon.detection.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BetaBinomialTest {
  @Test
  void shouldComputeTheBetaFunctionOfSmallIntegers() {
    // B(2, 3) = 1! 2! / 4! = 1/12
    assertThat(BetaBinomial.lnBeta(2, 3)).isCloseTo(Math.log(1.0 / 12), within(1e-9));
  }

  @Test
  void shouldMatchHandComputedProbabilitiesOfTwoTrials() {
    // Beta(1, 1) (any share alike): P(1 hit of 2) = 1/3, up to the binomial coefficient 2: 1/6;
    // Beta(1, 3): P(hit, miss) = B(2, 4) / B(1, 3) = (1/20) / (1/3) = 3/20
    assertThat(BetaBinomial.lnLikelihoodRatio(1, 2, 1, 3, 1, 1))
        .isCloseTo(Math.log((3.0 / 20) / (1.0 / 6)), within(1e-9));
  }

  @Test
  void shouldApproachTheBinomialRatioWhenTheShareIsWellKnown() {
    // a million trials' worth of certainty: 3 hits of 100 at 2% against 4%
    double known = 1e6;
    double beta =
        BetaBinomial.lnLikelihoodRatio(
            3, 100, 0.02 * known, 0.98 * known, 0.04 * known, 0.96 * known);
    double binomial = 3 * Math.log(0.02 / 0.04) + 97 * Math.log(0.98 / 0.96);
    assertThat(beta).isCloseTo(binomial, within(1e-3));
  }

  @Test
  void shouldWeighCountsLessAgainstAShareKnownFromFewTrials() {
    double fewTrials =
        BetaBinomial.lnLikelihoodRatio(20, 1000, 0.7 * 3.5, 100 - 0.7 * 3.5, 3.5, 96.5);
    double manyTrials =
        BetaBinomial.lnLikelihoodRatio(20, 1000, 0.7 * 350, 10_000 - 0.7 * 350, 350, 9650);
    assertThat(fewTrials).isPositive().isLessThan(manyTrials);
  }
}
