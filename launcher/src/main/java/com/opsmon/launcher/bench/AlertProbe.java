package com.opsmon.launcher.bench;

import com.opsmon.model.rules.DefaultRules;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How soon an alert follows the minute that raised it: every {@link PartialProbe#EVERY} it posts a
 * failing call of the {@link #SERVICE} service into each of {@link #REGIONS_PER_MINUTE} regions of
 * the current minute's own, so each minute closes on that many fresh series failing outright. The
 * bench's rule {@link #RULE} (the default rules plus it, {@link #rulesFile}) fires on each. Times
 * from the end of the minute, by the wall clock, until the alert's {@code firing} state reaches the
 * live stream and until the webhook receives it: no alert can fire before its minute has ended. A
 * live phase of a few minutes adds some 20 regions, well inside the jobs' cap of 100.
 */
final class AlertProbe {
  static final String RULE = "bench_alert_probe";
  static final String SERVICE = "bench-alert-probe";
  static final int REGIONS_PER_MINUTE = 4;
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final HttpClient http = HttpClient.newHttpClient();
  private final Latencies shown = new Latencies();
  private final Latencies notified = new Latencies();
  private final Map<String, Instant> windowEnds = new HashMap<>();
  private final Set<String> seenShown = new HashSet<>();
  private final Set<String> seenNotified = new HashSet<>();

  /** The default rules and the probe's rule: a rules file for {@code opsmon up --rules}. */
  static String rulesFile() {
    return DefaultRules.text()
        + """

          # added by opsmon bench: its alert probe's failing calls fire this at once, per region
          - name: %s
            kpi: service_error_rate
            where: {service: %s, region: "*"}
            severity: info
            summary: "bench alert probe in {region}"
            group_by: [region]
            threshold: {above: 0.5, recover: 0.01, for: 1m}
        """
            .formatted(RULE, SERVICE);
  }

  /** A region of the minute {@code minute}, as the probe names it. */
  static String region(Instant minute, int index) {
    return "bench-alert-" + minute.getEpochSecond() / 60 + "-" + index;
  }

  /** Posts one failing call into each region of this minute; a refused post is no sample. */
  void post(URI api) throws InterruptedException {
    Instant now = Instant.now();
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
    StringBuilder body = new StringBuilder();
    long nanos = System.nanoTime();
    for (int i = 0; i < REGIONS_PER_MINUTE; i++) {
      String region = region(minute, i);
      body.append(
          ("{\"type\":\"service_call\",\"eventId\":\"%s-%d\",\"occurredAt\":\"%s\","
                  + "\"service\":\"%s\",\"region\":\"%s\",\"statusCode\":503,\"latencyMs\":5}\n")
              .formatted(region, nanos, now, SERVICE, region));
    }
    try {
      int status =
          http.send(
                  HttpRequest.newBuilder(api.resolve("/api/v1/events"))
                      .header("Content-Type", "application/x-ndjson")
                      .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      if (status == 202) {
        for (int i = 0; i < REGIONS_PER_MINUTE; i++) {
          expect(region(minute, i), minute.plus(MINUTE));
        }
      }
    } catch (IOException e) {
      // not accepted: its minute may still be a sample through the region's other posts
    }
  }

  /** An alert of {@code region} is due once its window has ended at {@code windowEnd}. */
  synchronized void expect(String region, Instant windowEnd) {
    windowEnds.putIfAbsent(region, windowEnd);
  }

  /** The live stream showed the probe rule's alert of {@code region} firing, at {@code at}. */
  synchronized void shown(String region, Instant at) {
    record(region, at, seenShown, shown);
  }

  /** The webhook received the probe rule's alert of {@code region} firing, at {@code at}. */
  synchronized void notified(String region, Instant at) {
    record(region, at, seenNotified, notified);
  }

  private void record(String region, Instant at, Set<String> seen, Latencies latencies) {
    Instant end = windowEnds.get(region);
    if (end != null && seen.add(region)) {
      latencies.add(Duration.between(end, at).toMillis());
    }
  }

  /** Window end → the alert firing on the live stream. */
  Latencies shown() {
    return shown;
  }

  /** Window end → the webhook's notification of it. */
  Latencies notified() {
    return notified;
  }

  /**
   * Whether every alert due by {@code stoppedAt} (its minute ended by then) has reached both the
   * live stream and the webhook.
   */
  synchronized boolean settledBy(Instant stoppedAt) {
    return windowEnds.entrySet().stream()
        .filter(due -> !due.getValue().isAfter(stoppedAt))
        .allMatch(due -> seenShown.contains(due.getKey()) && seenNotified.contains(due.getKey()));
  }

  /** Whether a minute with failing calls in it has ended by {@code at}. */
  synchronized boolean anyMinuteEndedBy(Instant at) {
    return windowEnds.values().stream().anyMatch(end -> !end.isAfter(at));
  }

  /** Minutes with failing calls in them: the alerts the probe expected. */
  synchronized int minutes() {
    return windowEnds.size() / REGIONS_PER_MINUTE;
  }
}
