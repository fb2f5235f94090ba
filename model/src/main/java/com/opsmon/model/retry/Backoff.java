package com.opsmon.model.retry;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * How the monitor waits between attempts at something that may succeed later: exponential back-off
 * with jitter (so many clients do not retry in step), capped. Every retry in the project is a
 * resilience4j {@link Retry} built here, so they all behave and report the same way.
 */
public record Backoff(Duration initial, Duration max) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

  private static final double MULTIPLIER = 2.0;
  private static final double JITTER = 0.5;

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("back-off needs 0 < initial <= max: " + this);
    }
  }

  /** A retry that never gives up on failures {@code retryable} accepts, and at once on others. */
  public Retry forever(String name, Predicate<Throwable> retryable) {
    return Retry.of(
        name,
        RetryConfig.custom()
            .maxAttempts(Integer.MAX_VALUE)
            .intervalFunction(
                IntervalFunction.ofExponentialRandomBackoff(initial, MULTIPLIER, JITTER, max))
            .retryOnException(retryable)
            .build());
  }
}
