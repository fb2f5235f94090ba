package com.opsmon.detection.stats;

/**
 * The upper tail of the Gamma distribution, in logs so that far tails do not underflow: the
 * regularised incomplete gamma function Q(a, x) by its power series below x = a + 1 and its
 * continued fraction (modified Lentz) above, as described in Press et al., Numerical Recipes, 2nd
 * ed., §6.2; ln Γ by the Lanczos approximation (g = 7, n = 9).
 */
final class GammaTail {
  private static final int MAX_TERMS = 200;
  private static final double EPS = 1e-12;
  private static final double TINY = 1e-300;

  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  private GammaTail() {}

  /** ln Q(a, x) = ln P(X ≥ x) for X ~ Gamma(shape a, scale 1); a > 0, x ≥ 0. */
  static double lnUpperTail(double a, double x) {
    if (x <= 0) {
      return 0;
    }
    double lnPrefix = -x + a * Math.log(x) - lnGamma(a);
    if (x < a + 1) {
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n < MAX_TERMS; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * EPS) {
          break;
        }
      }
      double lower = Math.exp(lnPrefix + Math.log(sum));
      return Math.log1p(-Math.min(lower, 1 - 1e-16));
    }
    double b = x + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int n = 1; n < MAX_TERMS; n++) {
      double an = -n * (n - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < TINY ? TINY : d;
      c = b + an / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return Math.min(0, lnPrefix + Math.log(h));
  }

  /** ln Γ(a) for a > 0. */
  static double lnGamma(double a) {
    if (a < 0.5) {
      // reflection: Γ(a) Γ(1 − a) = π / sin(π a)
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - lnGamma(1 - a);
    }
    double z = a - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    double t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
