package com.opsmon.jobs.kpi;

/**
 * One series' accumulator for one minute of event time, as the minute window emitted it. A minute
 * emitted again (a late event re-fired its window) replaces the earlier one downstream.
 *
 * @param series the series' tags ({@code SeriesKey} text)
 * @param start the minute's start, epoch milliseconds
 * @param origin what a correction replaces: the series before its tags were capped, so several
 *     gauges folded into one {@code other} series add up instead of replacing each other
 * @param partial whether the minute is still open: what it holds so far, for the live view only
 *     ({@link EarlyFirings}); it never replaces or joins a KPI point
 */
public record Minute<A>(String series, long start, A totals, String origin, boolean partial) {
  public Minute(String series, long start, A totals) {
    this(series, start, totals, series, false);
  }

  public Minute(String series, long start, A totals, String origin) {
    this(series, start, totals, origin, false);
  }

  /** The same minute counted in {@code capped}, still replacing only its own earlier self. */
  public Minute<A> foldedInto(String capped) {
    return new Minute<>(capped, start, totals, origin, partial);
  }
}
