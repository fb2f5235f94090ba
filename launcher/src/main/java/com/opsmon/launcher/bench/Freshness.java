package com.opsmon.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * How soon a closed window's point reaches the API, while a live feed runs: on the live stream
 * ({@code /api/v1/stream}, every one-minute point of every KPI) and in the store ({@code GET
 * /api/v1/kpis/orders}, polled). Latency is arrival minus the window's end, by the wall clock. And
 * how far behind the events the open window's partial value is ({@link PartialProbe}), and how soon
 * an alert follows the window that raised it ({@link AlertProbe}).
 */
final class Freshness {
  /**
   * @param stream window end → the point on {@code /api/v1/stream}
   * @param store window end → the point in {@code GET /api/v1/kpis/orders}
   * @param partial an event posted → the open window's partial value counting it ({@link
   *     PartialProbe})
   * @param probes probe events the monitor accepted
   * @param alerts window end → the alert on the live stream, and at the webhook
   */
  record Result(
      Latencies stream, Latencies store, Latencies partial, int probes, AlertProbe alerts) {}

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration STORE_POLL = Duration.ofMillis(250);

  /**
   * How long the watch waits, once it stops probing, for alerts of minutes that have ended: a run
   * that stopped at once would lose the slowest alerts from its figures, or all of them on a loaded
   * machine.
   */
  private static final Duration ALERT_GRACE = Duration.ofSeconds(60);

  private Freshness() {}

  /**
   * Watches a monitor that has just started: waits for its first KPI point in the store, then goes
   * on for {@code after} (and until a minute with alert probes in it has ended), then stops probing
   * and waits up to {@link #ALERT_GRACE} for the alerts of the minutes that have ended. Every
   * one-minute window that closes meanwhile is a sample, the first included.
   *
   * @param since when {@code opsmon up} was asked to start, in {@link System#nanoTime}
   * @return the time from {@code since} to the first point, and the latencies
   */
  static Watch watchFromStart(
      URI api, long since, Duration deadline, Duration after, AlertProbe alerts) throws Exception {
    Latencies stream = new Latencies();
    Latencies store = new Latencies();
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean probing = new AtomicBoolean(true);
    HttpClient http = HttpClient.newHttpClient();
    PartialProbe probe = new PartialProbe(api);
    AtomicLong firstShown = new AtomicLong();
    Thread listener =
        new Thread(() -> listen(http, api, stream, probe, alerts, firstShown, done), "bench-sse");
    listener.setDaemon(true);
    listener.start();
    Thread prober = new Thread(() -> probe(api, probe, alerts, firstShown, probing), "bench-probe");
    prober.setDaemon(true);
    prober.start();
    try {
      Set<Instant> seen = new HashSet<>();
      Duration firstKpi = null;
      long giveUp = System.nanoTime() + deadline.toNanos();
      long until = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(giveUp, until)) {
        Instant now = Instant.now();
        for (Instant start : storedWindows(http, api)) {
          if (seen.add(start)) {
            store.add(Duration.between(start.plus(MINUTE), now).toMillis());
          }
        }
        if (firstKpi == null && !seen.isEmpty()) {
          firstKpi = Duration.ofNanos(System.nanoTime() - since);
          until = System.nanoTime() + after.toNanos();
        }
        Thread.sleep(STORE_POLL.toMillis());
      }
      if (firstKpi == null) {
        throw new IllegalStateException("no KPI point reached the API within " + deadline);
      }
      // an alert is due only once a minute with probes in it has ended: after a slow start the
      // watch could otherwise stop inside the probes' first minute
      pollUntil(() -> alerts.anyMinuteEndedBy(Instant.now()), MINUTE.plus(PartialProbe.EVERY));
      probing.set(false);
      Instant stoppedAt = Instant.now();
      pollUntil(() -> alerts.settledBy(stoppedAt), ALERT_GRACE);
      // whichever showed a value first: the live stream, or the store if the stream broke
      Duration firstValue =
          firstShown.get() == 0
              ? firstKpi
              : Collections.min(List.of(firstKpi, Duration.ofNanos(firstShown.get() - since)));
      return new Watch(
          firstValue, firstKpi, new Result(stream, store, probe.lag(), probe.sent(), alerts));
    } finally {
      probing.set(false);
      done.set(true);
    }
  }

  private static void pollUntil(BooleanSupplier condition, Duration atMost)
      throws InterruptedException {
    long giveUp = System.nanoTime() + atMost.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < giveUp) {
      Thread.sleep(STORE_POLL.toMillis());
    }
  }

  /**
   * After start: the first KPI value on the live stream (partial or closed), the first closed
   * minute in the store, and the freshness of the windows after it.
   */
  record Watch(Duration firstValue, Duration firstKpi, Result freshness) {}

  /**
   * Posts the probes every {@link PartialProbe#EVERY}. The partial value's lag is timed only once
   * the monitor shows a first value: before that it would time the jobs' start, which {@link
   * Watch#firstValue()} measures. An alert is timed from its minute's end, so its probe posts at
   * once.
   */
  private static void probe(
      URI api,
      PartialProbe probe,
      AlertProbe alerts,
      AtomicLong firstShown,
      AtomicBoolean probing) {
    try {
      while (probing.get()) {
        if (firstShown.get() != 0) {
          probe.post();
        }
        alerts.post(api);
        Thread.sleep(PartialProbe.EVERY.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void listen(
      HttpClient http,
      URI api,
      Latencies latencies,
      PartialProbe probe,
      AlertProbe alerts,
      AtomicLong firstShown,
      AtomicBoolean done) {
    HttpRequest request =
        HttpRequest.newBuilder(api.resolve("/api/v1/stream"))
            .header("Accept", "text/event-stream")
            .build();
    Set<String> seen = new HashSet<>();
    try (Stream<String> lines = http.send(request, HttpResponse.BodyHandlers.ofLines()).body()) {
      String event = "";
      for (String line : (Iterable<String>) lines::iterator) {
        if (done.get()) {
          return;
        }
        if (line.startsWith("event:")) {
          event = line.substring("event:".length()).trim();
        } else if (line.startsWith("data:") && (event.equals("partial") || event.equals("kpi"))) {
          firstShown.compareAndSet(0, System.nanoTime());
        }
        if (line.startsWith("data:") && event.equals("alert")) {
          JsonNode alert = Json.mapper().readTree(line.substring("data:".length()));
          if ("firing".equals(alert.path("state").asText())
              && AlertProbe.RULE.equals(alert.path("signal").path("rule").asText())) {
            alerts.shown(
                alert.path("signal").path("labels").path("region").asText(), Instant.now());
          }
        } else if (line.startsWith("data:") && event.equals("partial")) {
          JsonNode point = Json.mapper().readTree(line.substring("data:".length()));
          Instant start = instant(point.path("windowStart"));
          if (point.path("kpi").asText().equals("orders")
              && PartialProbe.REGION.equals(point.path("tags").path("region").asText())
              && "all".equals(point.path("tags").path("channel").asText())
              && duration(point.path("window")).filter(MINUTE::equals).isPresent()
              && start != null) {
            probe.shown(start, point.path("value").asDouble(), System.nanoTime());
          }
        } else if (line.startsWith("data:") && event.equals("kpi")) {
          Instant now = Instant.now();
          JsonNode point = Json.mapper().readTree(line.substring("data:".length()));
          Optional<Duration> window = duration(point.path("window"));
          Instant start = instant(point.path("windowStart"));
          if (window.isPresent() && window.get().equals(MINUTE) && start != null) {
            Instant end = start.plus(MINUTE);
            String key = point.path("kpi").asText() + point.path("tags") + start;
            if (seen.add(key)) {
              latencies.add(Duration.between(end, now).toMillis());
            }
          }
        }
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (!done.get()) {
        System.err.println("bench: the live stream ended: " + e);
      }
    }
  }

  private static Set<Instant> storedWindows(HttpClient http, URI api) throws Exception {
    Instant to = Instant.now().plus(MINUTE);
    URI query =
        api.resolve(
            "/api/v1/kpis/orders?window=PT1M&from="
                + to.minus(Duration.ofMinutes(30))
                + "&to="
                + to);
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(query).GET().build(), HttpResponse.BodyHandlers.ofString());
    Set<Instant> starts = new HashSet<>();
    if (answer.statusCode() == 200) {
      for (JsonNode point : Json.mapper().readTree(answer.body()).path("points")) {
        Instant start = instant(point.path("time"));
        if (start != null) {
          starts.add(start);
        }
      }
    }
    return starts;
  }

  private static Instant instant(JsonNode node) {
    if (node.isTextual()) {
      return Instant.parse(node.asText());
    }
    if (node.isNumber()) {
      return Instant.ofEpochMilli((long) (node.asDouble() * 1000));
    }
    return null;
  }

  private static Optional<Duration> duration(JsonNode node) {
    if (node.isTextual()) {
      return Optional.of(Duration.parse(node.asText()));
    }
    if (node.isNumber()) {
      return Optional.of(Duration.ofMillis((long) (node.asDouble() * 1000)));
    }
    return Optional.empty();
  }
}
