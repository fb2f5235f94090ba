package com.opsmon.api.stream;

import java.time.Duration;

/**
 * How {@code GET /api/v1/stream} serves its clients.
 *
 * @param maxClients clients served at once; one more is refused with 503 (each holds a thread)
 * @param clientBuffer events waiting for one client; a client that falls further behind is
 *     disconnected, to resume with {@code Last-Event-ID}, so it never delays others nor grows
 *     memory
 * @param replay the newest events kept for {@code Last-Event-ID} resume
 * @param heartbeat a comment line is sent after this long without events, so proxies and clients
 *     know the stream is alive
 */
public record StreamSettings(int maxClients, int clientBuffer, int replay, Duration heartbeat) {
  public static final StreamSettings DEFAULTS =
      new StreamSettings(500, 10_000, 10_000, Duration.ofSeconds(15));

  public StreamSettings {
    if (maxClients < 1
        || clientBuffer < 1
        || replay < 0
        || heartbeat.isNegative()
        || heartbeat.isZero()) {
      throw new IllegalArgumentException("stream settings out of range: " + this);
    }
  }
}
