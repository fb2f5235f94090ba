package com.opsmon.ingest.http;

import com.opsmon.model.config.Flags;

/**
 * How much work one request, one client and all clients together may cause, so a small request can
 * never make the monitor do a great deal: beyond a limit a request is refused whole (nothing of it
 * is stored) with 413 or 429 and a {@code Retry-After}.
 *
 * @param maxEventsPerRequest events (lines or array elements) in one body
 * @param eventsPerSecondPerClient the sustained rate a client (by bearer token, else by address)
 *     may send; a second's worth may come at once
 * @param maxConcurrentRequests requests being read and published at the same time
 * @param maxDeadLettersPerRequest rejected events written one by one; beyond, one summary per
 *     reason says how many more were rejected and why
 */
public record IngestLimits(
    int maxEventsPerRequest,
    double eventsPerSecondPerClient,
    int maxConcurrentRequests,
    int maxDeadLettersPerRequest) {

  public static final IngestLimits DEFAULTS = new IngestLimits(50_000, 100_000, 8, 1_000);

  public IngestLimits {
    if (maxEventsPerRequest < 1
        || eventsPerSecondPerClient <= 0
        || maxConcurrentRequests < 1
        || maxDeadLettersPerRequest < 0) {
      throw new IllegalArgumentException("ingest limits must be positive: " + this);
    }
  }

  /**
   * {@code --max-events-per-request}, {@code --max-events-per-second}, {@code
   * --max-concurrent-requests}, {@code --max-dead-letters-per-request}.
   */
  public static IngestLimits fromFlags(Flags flags) {
    return new IngestLimits(
        flags.getInt("max-events-per-request", DEFAULTS.maxEventsPerRequest()),
        flags.getLong("max-events-per-second", (long) DEFAULTS.eventsPerSecondPerClient()),
        flags.getInt("max-concurrent-requests", DEFAULTS.maxConcurrentRequests()),
        flags.getInt("max-dead-letters-per-request", DEFAULTS.maxDeadLettersPerRequest()));
  }
}
