package com.opsmon.jobs.care;

/**
 * What the monitor remembers of one ticket: how it opened (its series), when, when its current
 * round of work began (its opening, or its latest reopening), whether it is open and has had its
 * first response, and when its state is dropped unless something happens to it first.
 */
public record TicketState(
    String series,
    long openedAt,
    long roundStart,
    boolean open,
    boolean responded,
    long expiresAt) {

  static TicketState opened(String series, long at) {
    return new TicketState(series, at, at, true, false, Long.MIN_VALUE);
  }

  /** A ticket first seen when reopened: it was opened before the monitor knew of it. */
  static TicketState reopenedUnseen(String series, long at) {
    return new TicketState(series, at, at, true, true, Long.MIN_VALUE);
  }

  TicketState answered() {
    return new TicketState(series, openedAt, roundStart, open, true, expiresAt);
  }

  TicketState closed() {
    return new TicketState(series, openedAt, roundStart, false, responded, expiresAt);
  }

  TicketState reopenedAt(long at) {
    return new TicketState(series, openedAt, at, true, responded, expiresAt);
  }

  TicketState expiringAt(long at) {
    return new TicketState(series, openedAt, roundStart, open, responded, at);
  }
}
