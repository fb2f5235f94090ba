package com.opsmon.jobs.fulfilment;

/**
 * An order entering ({@code +1}: created) or leaving ({@code -1}: shipped, cancelled, or forgotten
 * after the retention) its warehouse's backlog at event time {@code at}, epoch milliseconds.
 *
 * @param series the order's {@code warehouse} and {@code region} ({@code SeriesKey} text)
 */
public record BacklogChange(String series, long at, int delta) {}
