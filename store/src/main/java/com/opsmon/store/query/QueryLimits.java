package com.opsmon.store.query;

import java.time.Duration;

/**
 * How much one ad-hoc query may ask of the store.
 *
 * @param maxRange the longest time range, whatever the window
 * @param maxWindowsInRange the longest range in windows of the KPI (a month of minutes is 44,640)
 * @param maxBuckets the most time buckets a grouping by time may make
 * @param defaultLimit rows returned when the query names no limit
 * @param maxLimit the most rows a query may ask for
 * @param maxValues the most values one {@code in} filter may list
 * @param maxValueLength the longest tag value a filter may give, in characters
 * @param timeout how long the store may take before the query is stopped
 */
public record QueryLimits(
    Duration maxRange,
    long maxWindowsInRange,
    long maxBuckets,
    int defaultLimit,
    int maxLimit,
    int maxValues,
    int maxValueLength,
    Duration timeout) {

  public static final QueryLimits DEFAULTS =
      new QueryLimits(
          Duration.ofDays(366), 50_000, 10_000, 1_000, 10_000, 100, 256, Duration.ofSeconds(10));

  /** The longest range a query of KPI windows of this size may span. */
  public Duration maxRangeFor(Duration window) {
    Duration byWindows = window.multipliedBy(maxWindowsInRange);
    return byWindows.compareTo(maxRange) < 0 ? byWindows : maxRange;
  }
}
