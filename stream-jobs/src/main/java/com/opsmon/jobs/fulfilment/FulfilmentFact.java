package com.opsmon.jobs.fulfilment;

/**
 * Something an order did that a fulfilment window counts, at the record's event time: it shipped or
 * was delivered ({@code value} = seconds since it was created), or its SLA expired unshipped
 * ({@code value} = +1, or -1 when a late shipment shows it had shipped in time after all).
 *
 * @param series the order's {@code warehouse} and {@code region} ({@code SeriesKey} text)
 */
public record FulfilmentFact(String series, Kind kind, long value) {
  public enum Kind {
    SHIPPED,
    DELIVERED,
    SLA_BREACH
  }
}
