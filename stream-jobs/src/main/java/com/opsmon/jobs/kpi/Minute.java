package com.opsmon.jobs.kpi;

/**
 * One series' accumulator for one minute of event time, as the minute window emitted it. A minute
 * emitted again (a late event re-fired its window) replaces the earlier one downstream.
 *
 * @param series the series' tags ({@code SeriesKey} text)
 * @param start the minute's start, epoch milliseconds
 */
public record Minute<A>(String series, long start, A totals) {}
