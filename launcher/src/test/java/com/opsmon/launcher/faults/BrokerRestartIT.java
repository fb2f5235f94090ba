package com.opsmon.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.embedded.FreePorts;
import com.opsmon.ingest.simulator.SimulationFile;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.launcher.replay.ReplaySpeed;
import com.opsmon.launcher.replay.ReplaySummary;
import com.opsmon.launcher.replay.Replayer;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.json.Json;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: the Kafka broker stops in the middle of a replay and comes back on the same data and
 * ports. The monitor says so in /health meanwhile, and afterwards every KPI is exact.
 */
class BrokerRestartIT {
  private static final Instant START =
      Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);

  @TempDir Path dir;
  private final int brokerPort = FreePorts.next();
  private final int controllerPort = FreePorts.next();

  private EmbeddedKafka broker() {
    return EmbeddedKafka.start(dir.resolve("kafka"), brokerPort, controllerPort, Map.of());
  }

  @Test
  void shouldCountEveryEventOnceAcrossABrokerRestartAndShowItInHealth() throws Exception {
    Path events = dir.resolve("events.ndjson");
    SimulationFile.write(
        new SimulationSettings(37, START, 20, List.of()),
        Duration.ofMinutes(15),
        events,
        dir.resolve("truth.json"));
    List<String> lines = Files.readAllLines(events);
    Map<String, Map<Instant, Double>> expected = KillNineIT.ordersPerRegionAndMinute(lines);

    EmbeddedKafka kafka = broker();
    try (StandaloneStack stack =
        StandaloneStack.start(
            StackConfig.builder(dir.resolve("data"))
                .apiPort(0)
                .rate(0)
                .kafkaBootstrap(Optional.of(kafka.bootstrapServers()))
                .checkpointInterval(Duration.ofSeconds(1))
                .build())) {
      HttpClient http = HttpClient.newHttpClient();
      AtomicBoolean stopped = new AtomicBoolean();
      AtomicReference<ReplaySummary> summary = new AtomicReference<>();
      Thread replay =
          new Thread(
              () -> {
                try {
                  summary.set(
                      new Replayer(stack.apiUrl(), Optional.empty(), ReplaySpeed.MAX, 500)
                          .replay(
                              events,
                              (sent, read, total) -> {
                                if (sent > lines.size() / 2 && stopped.compareAndSet(false, true)) {
                                  kafka.close();
                                }
                              }));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      replay.start();
      await().atMost(Duration.ofMinutes(2)).until(stopped::get);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> status(http, stack) == 503 && kafkaHealth(http, stack).equals("DOWN"));
      EmbeddedKafka restarted = broker();
      try {
        replay.join(Duration.ofMinutes(5).toMillis());
        assertThat(summary.get()).isNotNull();
        assertThat(summary.get().rejected()).isZero();
        String range = "from=" + START + "&to=" + START.plus(Duration.ofHours(1));
        await()
            .atMost(Duration.ofMinutes(3))
            .untilAsserted(
                () -> {
                  for (var region : expected.entrySet()) {
                    assertThat(series(http, stack, "orders", range + "&region=" + region.getKey()))
                        .as("orders of " + region.getKey())
                        .isEqualTo(region.getValue());
                  }
                });
        await().atMost(Duration.ofMinutes(1)).until(() -> status(http, stack) == 200);
        System.out.printf(
            "broker restart mid-replay: %,d events in, %d regions exact, health back to UP%n",
            lines.size(), expected.size());
      } finally {
        restarted.close();
      }
    }
  }

  private static int status(HttpClient http, StandaloneStack stack) throws Exception {
    return http.send(
            HttpRequest.newBuilder(stack.apiUrl().resolve("/health")).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static String kafkaHealth(HttpClient http, StandaloneStack stack) throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(stack.apiUrl().resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return Json.mapper().readTree(body).get("components").get("kafka").get("status").asText();
  }

  private static Map<Instant, Double> series(
      HttpClient http, StandaloneStack stack, String kpi, String query) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(stack.apiUrl().resolve("/api/v1/kpis/" + kpi + "?" + query))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Map<Instant, Double> values = new TreeMap<>();
    for (var point : Json.mapper().readTree(response.body()).get("points")) {
      values.put(Instant.parse(point.get("time").asText()), point.get("value").asDouble());
    }
    return values;
  }
}
