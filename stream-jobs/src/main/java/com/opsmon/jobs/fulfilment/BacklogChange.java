package com.opsmon.jobs.fulfilment;

/**
 * An order entering ({@code +1}) or leaving ({@code -1}) one of its warehouse's queues at event
 * time {@code at}, epoch milliseconds: the backlog (created; shipped, cancelled, or forgotten after
 * the retention) or the orders awaiting shipment (picked; shipped, or past the dispatch horizon).
 *
 * @param series the order's {@code warehouse} and {@code region} ({@code SeriesKey} text)
 */
public record BacklogChange(String series, long at, int delta) {}
