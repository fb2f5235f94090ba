package com.opsmon.alerting.notify;

import java.time.Duration;

/** Exponential back-off between delivery attempts, capped; attempts never stop by themselves. */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(60));

  public Duration backoffAfter(int failedAttempts) {
    long factor = 1L << Math.min(failedAttempts - 1, 30);
    Duration backoff = initialBackoff.multipliedBy(factor);
    return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
  }
}
