package com.opsmon.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.embedded.FreePorts;
import com.opsmon.ingest.simulator.SimulationFile;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.launcher.WebhookCatcher;
import com.opsmon.launcher.bench.LiveMonitor;
import com.opsmon.launcher.replay.ReplaySpeed;
import com.opsmon.launcher.replay.ReplaySummary;
import com.opsmon.launcher.replay.Replayer;
import com.opsmon.model.events.EventCategory;
import com.opsmon.model.events.EventType;
import com.opsmon.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: the standalone monitor killed with SIGKILL in the middle of a replay, and started again on
 * the same data. Nothing lost, nothing counted twice, no page, and the monitor says it is healthy
 * again. The monitor runs as a process of its own, exactly as {@code ./opsmon up} runs it.
 */
class KillNineIT {
  private static final Instant START =
      Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);

  @TempDir Path dir;
  private final int apiPort = FreePorts.next();
  private List<JsonNode> notifications;
  private WebhookCatcher webhook;
  private Process monitor;

  @AfterEach
  void stop() {
    if (monitor != null) {
      monitor.destroyForcibly();
    }
    if (webhook != null) {
      webhook.close();
    }
  }

  private URI api() {
    return URI.create("http://127.0.0.1:" + apiPort);
  }

  /** {@code opsmon up} in a JVM of its own, on this test's classpath and data directory. */
  private Process startMonitor() throws IOException {
    List<String> command =
        LiveMonitor.upCommand(
            List.of("-Xmx1500m"),
            List.of(
                "--api-port",
                String.valueOf(apiPort),
                "--data-dir",
                dir.resolve("data").toString(),
                "--rate",
                "0",
                "--webhook-url",
                webhook.url().toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("monitor.log").toFile()))
            .start();
    try {
      await()
          .atMost(Duration.ofMinutes(3))
          .ignoreExceptions()
          .until(() -> health().statusCode() == 200);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("monitor not healthy within 3 minutes; " + lastWords(), e);
    }
    return process;
  }

  /** The last /health answer and the monitor's last log lines, so a red CI run says why. */
  private String lastWords() {
    String health;
    try {
      health = health().body();
    } catch (Exception e) {
      health = "no answer: " + e;
    }
    String log;
    try {
      List<String> lines = Files.readAllLines(dir.resolve("monitor.log"));
      log = String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      log = "unreadable: " + e;
    }
    return "/health: " + health + "\nmonitor.log, last lines:\n" + log;
  }

  private HttpResponse<String> health() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(api().resolve("/health")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldLoseNothingCountNothingTwiceAndPageNothingWhenKilledMidReplay() throws Exception {
    webhook = WebhookCatcher.start();
    notifications = webhook.notifications();
    Path events = dir.resolve("events.ndjson");
    SimulationFile.write(
        new SimulationSettings(31, START, 20, List.of()),
        Duration.ofMinutes(20),
        events,
        dir.resolve("truth.json"));
    List<String> lines = Files.readAllLines(events);
    Map<String, Map<Instant, Double>> expected = ordersPerRegionAndMinute(lines);

    monitor = startMonitor();
    AtomicBoolean killed = new AtomicBoolean();
    AtomicReference<ReplaySummary> summary = new AtomicReference<>();
    Thread replay =
        new Thread(
            () -> {
              try {
                summary.set(
                    new Replayer(api(), Optional.empty(), ReplaySpeed.MAX, 500)
                        .replay(
                            events,
                            (sent, read, total) -> {
                              if (sent > lines.size() / 2 && killed.compareAndSet(false, true)) {
                                // SIGKILL: no shutdown hook, no flush, no goodbye
                                monitor.destroyForcibly();
                              }
                            }));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    replay.start();
    await().atMost(Duration.ofMinutes(2)).until(killed::get);
    monitor.waitFor();
    long killedAt = System.nanoTime();
    monitor = startMonitor();
    Duration backIn = Duration.ofNanos(System.nanoTime() - killedAt);
    replay.join(Duration.ofMinutes(5).toMillis());

    assertThat(summary.get()).isNotNull();
    assertThat(summary.get().rejected()).isZero();
    String range = "from=" + START + "&to=" + START.plus(Duration.ofHours(1));
    await()
        .atMost(Duration.ofMinutes(3))
        .untilAsserted(
            () -> {
              for (var region : expected.entrySet()) {
                assertThat(series("orders", range + "&region=" + region.getKey()))
                    .as("orders of " + region.getKey())
                    .isEqualTo(region.getValue());
              }
            });
    assertThat(health().statusCode()).isEqualTo(200);
    assertThat(notifications).as("pages").isEmpty();
    System.out.printf(
        "kill -9 mid-replay: healthy again %.1f s after the kill, %,d events in (%,d sent), %d"
            + " regions x %d minutes exact, %d notifications%n",
        backIn.toMillis() / 1000.0,
        lines.size(),
        summary.get().sent(),
        expected.size(),
        expected.values().stream().mapToInt(Map::size).max().orElse(0),
        notifications.size());
  }

  private Map<Instant, Double> series(String kpi, String query) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(api().resolve("/api/v1/kpis/" + kpi + "?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
    Map<Instant, Double> values = new TreeMap<>();
    for (JsonNode point : Json.mapper().readTree(response.body()).get("points")) {
      values.put(Instant.parse(point.get("time").asText()), point.get("value").asDouble());
    }
    return values;
  }

  /** Orders per region and minute, counted without the monitor (0 where only other steps came). */
  static Map<String, Map<Instant, Double>> ordersPerRegionAndMinute(List<String> lines)
      throws IOException {
    Map<String, Map<Instant, Double>> orders = new TreeMap<>();
    for (String line : lines) {
      JsonNode event = Json.mapper().readTree(line);
      EventType type = EventType.fromWireName(event.get("type").asText()).orElseThrow();
      if (type.category() != EventCategory.ORDER) {
        continue;
      }
      Instant minute =
          Instant.parse(event.get("occurredAt").asText()).truncatedTo(ChronoUnit.MINUTES);
      Map<Instant, Double> region =
          orders.computeIfAbsent(event.get("region").asText(), r -> new TreeMap<>());
      region.putIfAbsent(minute, 0.0);
      if (type == EventType.ORDER_CREATED) {
        region.merge(minute, 1.0, Double::sum);
      }
    }
    return orders;
  }
}
