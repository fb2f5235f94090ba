package com.opsmon.jobs.kpi;

/**
 * A minute on its way into one of the views it is part of: a window of {@code windowMs} starting at
 * {@code windowStart}, for the series {@code tags} (the minute's own, or a total over some of
 * them).
 *
 * @param target the view's key: tags, window size and start
 * @param part what the minute is within the view: its series and start
 * @param partial whether the minute is still open ({@link Minute#partial()})
 */
public record Routed<A>(
    String target,
    String tags,
    long windowStart,
    long windowMs,
    String part,
    A totals,
    boolean partial) {
  public Routed(
      String target, String tags, long windowStart, long windowMs, String part, A totals) {
    this(target, tags, windowStart, windowMs, part, totals, false);
  }
}
