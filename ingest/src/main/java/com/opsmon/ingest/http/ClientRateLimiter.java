package com.opsmon.ingest.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: each may send {@code perSecond} events a second on average and up to
 * {@code capacity} at once. Buckets of the least recently seen clients are forgotten beyond {@code
 * maxClients}, so a flood of new addresses cannot grow it (a forgotten client starts full).
 */
final class ClientRateLimiter {
  private final double perSecond;
  private final double capacity;
  private final int maxClients;
  private final LongSupplier nanoClock;
  private final Map<String, double[]> buckets;

  ClientRateLimiter(double perSecond, double capacity, int maxClients, LongSupplier nanoClock) {
    this.perSecond = perSecond;
    this.capacity = capacity;
    this.maxClients = maxClients;
    this.nanoClock = nanoClock;
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > ClientRateLimiter.this.maxClients;
          }
        };
  }

  /**
   * Takes {@code events} from the client's bucket if it holds them.
   *
   * @return 0 if taken, else the seconds until it would hold them
   */
  synchronized long tryTake(String client, int events) {
    long now = nanoClock.getAsLong();
    double[] bucket = buckets.computeIfAbsent(client, c -> new double[] {capacity, now});
    double tokens = Math.min(capacity, bucket[0] + (now - bucket[1]) / 1e9 * perSecond);
    bucket[1] = now;
    if (tokens >= events) {
      bucket[0] = tokens - events;
      return 0;
    }
    bucket[0] = tokens;
    double needed = Math.min(events, capacity) - tokens;
    return Math.max(1, (long) Math.ceil(needed / perSecond));
  }
}
