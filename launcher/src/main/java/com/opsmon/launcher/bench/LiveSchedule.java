package com.opsmon.launcher.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When to start the live phase so that the monitor's first minute closes soon after it is up. A
 * monitor up just after a minute begins waits most of that minute for its first closed window; the
 * bench runs its other phases first when it can, instead of waiting.
 *
 * @param startup how long the monitor is expected to take from start until its simulator runs
 */
record LiveSchedule(Duration startup) {
  /** Room for a start slower than expected: one past the minute's end costs a whole minute. */
  static final Duration LEAST_SLACK = Duration.ofSeconds(6);

  static final Duration MOST_SLACK = Duration.ofSeconds(20);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** From the monitor being up until its first minute ends, if it is started at {@code now}. */
  Duration slack(Instant now) {
    Instant up = now.plus(startup);
    return Duration.between(up, up.truncatedTo(ChronoUnit.MINUTES).plus(MINUTE));
  }

  /**
   * Whether a start now leaves the monitor between {@link #LEAST_SLACK} and {@link #MOST_SLACK} of
   * its first minute once it is up. (Waiting for such a moment would only move the wait: the bench
   * starts the live phase at the first phase boundary that is one, or after the last phase.)
   */
  boolean isGoodMoment(Instant now) {
    Duration slack = slack(now);
    return slack.compareTo(LEAST_SLACK) >= 0 && slack.compareTo(MOST_SLACK) <= 0;
  }
}
