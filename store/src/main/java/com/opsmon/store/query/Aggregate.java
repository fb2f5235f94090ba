package com.opsmon.store.query;

import java.util.Locale;

/**
 * What the points of a bucket become: their count, sum, mean, minimum, maximum, or a percentile.
 * The percentile is the nearest-rank value InfluxQL's {@code PERCENTILE} picks: of the n values in
 * ascending order, the one at rank {@code floor(n * p / 100 + 0.5)}, and none when that rank is 0.
 * Both stores compute exactly that, so they answer alike.
 */
public record Aggregate(Function function, double percentile) {
  /** The functions a query may apply. */
  public enum Function {
    COUNT,
    SUM,
    MEAN,
    MIN,
    MAX,
    PERCENTILE
  }

  public Aggregate {
    if (function == Function.PERCENTILE && !(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("a percentile must lie in (0, 100]");
    }
  }

  public static Aggregate of(Function function) {
    return new Aggregate(function, Double.NaN);
  }

  public static Aggregate percentile(double p) {
    return new Aggregate(Function.PERCENTILE, p);
  }

  /** As the API names it: {@code count}, ..., {@code p95}, {@code p99.9}. */
  public String label() {
    if (function != Function.PERCENTILE) {
      return function.name().toLowerCase(Locale.ROOT);
    }
    return "p"
        + (percentile == Math.rint(percentile) ? String.valueOf((long) percentile) : percentile);
  }
}
