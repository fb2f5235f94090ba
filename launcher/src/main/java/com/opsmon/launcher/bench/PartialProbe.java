package com.opsmon.launcher.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the open window's partial value is behind the events: posts an order every {@link #EVERY}
 * in a region of its own ({@link #REGION}, so nothing else counts there) and times, for each one,
 * from just before its POST until a {@code partial} event of {@code orders} for that region and
 * minute counts it. An order the minute closed on before any partial showed it is not a sample (its
 * final point is the freshness figure's).
 */
final class PartialProbe {
  static final String REGION = "bench-probe";
  static final Duration EVERY = Duration.ofSeconds(2);

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI events;
  private final Latencies lag = new Latencies();
  private final Map<Instant, List<Long>> sentAt = new HashMap<>();
  private final Map<Instant, Integer> shown = new HashMap<>();
  private int sent;

  PartialProbe(URI api) {
    this.events = api.resolve("/api/v1/events");
  }

  /** Posts the next probe order; one the monitor did not accept is forgotten. */
  void post() throws InterruptedException {
    Instant now = Instant.now();
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
    long started = System.nanoTime();
    String id = "bench-probe-" + started;
    synchronized (this) {
      sentAt.computeIfAbsent(minute, m -> new ArrayList<>()).add(started);
    }
    String order =
        ("{\"type\":\"order_created\",\"eventId\":\"%s\",\"orderId\":\"%s\",\"occurredAt\":\"%s\","
                + "\"region\":\"%s\",\"channel\":\"web\",\"amount\":1,\"currency\":\"EUR\"}")
            .formatted(id, id, now, REGION);
    boolean accepted;
    try {
      accepted =
          http.send(
                      HttpRequest.newBuilder(events)
                          .header("Content-Type", "application/x-ndjson")
                          .POST(HttpRequest.BodyPublishers.ofString(order))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 202;
    } catch (java.io.IOException e) {
      accepted = false;
    }
    synchronized (this) {
      if (accepted) {
        sent++;
      } else {
        sentAt.get(minute).remove(Long.valueOf(started));
      }
    }
  }

  /**
   * A partial {@code orders} value of the probe's region for the minute starting at {@code minute}.
   */
  synchronized void shown(Instant minute, double orders, long arrivedNanos) {
    List<Long> posted = sentAt.getOrDefault(minute, List.of());
    int before = shown.getOrDefault(minute, 0);
    int now = (int) Math.min(Math.round(orders), posted.size());
    for (int i = before; i < now; i++) {
      lag.add((arrivedNanos - posted.get(i)) / 1e6);
    }
    shown.put(minute, Math.max(before, now));
  }

  Latencies lag() {
    return lag;
  }

  synchronized int sent() {
    return sent;
  }
}
