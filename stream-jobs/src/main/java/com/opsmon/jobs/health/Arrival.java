package com.opsmon.jobs.health;

/**
 * One valid event as it arrived at the job: where from, the series it counts in, and whether it
 * arrived late.
 *
 * @param source the topic it came from: orders, inventory, service or storefront
 * @param series its source and region ({@code SeriesKey} text)
 * @param lateIn the start of the minute of event time in which it arrived (epoch milliseconds) if
 *     its own minute had already closed, else {@link #ON_TIME}
 */
public record Arrival(String source, String series, long lateIn) {
  public static final long ON_TIME = Long.MIN_VALUE;

  public boolean late() {
    return lateIn != ON_TIME;
  }
}
