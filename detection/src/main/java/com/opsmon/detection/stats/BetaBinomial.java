package com.opsmon.detection.stats;

/**
 * The beta-binomial distribution: {@code hits} of {@code trials} when the chance of a hit is itself
 * uncertain, Beta(α, β) — a share whose usual value is known only from a few windows' counts.
 */
public final class BetaBinomial {
  private BetaBinomial() {}

  /**
   * ln P(hits | Beta(α1, β1)) − ln P(hits | Beta(α0, β0)) for {@code hits} of {@code trials}: how
   * much better the first belief about the share explains the counts than the second.
   */
  public static double lnLikelihoodRatio(
      double hits, double trials, double alpha1, double beta1, double alpha0, double beta0) {
    double misses = trials - hits;
    return lnBeta(hits + alpha1, misses + beta1)
        - lnBeta(alpha1, beta1)
        - lnBeta(hits + alpha0, misses + beta0)
        + lnBeta(alpha0, beta0);
  }

  /** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0. */
  static double lnBeta(double a, double b) {
    return GammaTail.lnGamma(a) + GammaTail.lnGamma(b) - GammaTail.lnGamma(a + b);
  }
}
