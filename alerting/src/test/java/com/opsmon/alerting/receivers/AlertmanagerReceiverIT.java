package com.opsmon.alerting.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.alerting.TestSignals;
import com.opsmon.alerting.config.ReceiverConfig;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Notification;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.json.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarding to a real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}), started
 * on loopback with a free port and its own config and data directory. Skipped where the binary is
 * not installed (.ci/run installs it).
 */
class AlertmanagerReceiverIT {
  private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

  /** An hour ago, to the minute: relative to the clock, never a fixed date. */
  private static final Instant STARTED =
      Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);

  @TempDir Path dir;
  private Process alertmanager;
  private URI url;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startAlertmanager() throws Exception {
    assumeTrue(
        Files.isExecutable(BINARY),
        "needs Prometheus Alertmanager at "
            + BINARY
            + " (apt-get install prometheus-alertmanager)");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: blackhole
          group_wait: 1s
        receivers:
          - name: blackhole
        """);
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.add("--config.file=" + config);
    command.add("--storage.path=" + dir.resolve("data"));
    command.add("--web.listen-address=127.0.0.1:" + port);
    // no gossip: a single instance on loopback
    command.add("--cluster.listen-address=");
    alertmanager =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    url = URI.create("http://127.0.0.1:" + port);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> get("/-/ready").statusCode() == 200);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (alertmanager != null) {
      alertmanager.destroy();
      alertmanager.waitFor();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Notification notification(AlertSignal signal, AlertState state) {
    return new Notification(
        "k-1",
        "am",
        "0:{}",
        Map.of(),
        signal.status(),
        List.of(new Notification.Alert(signal.fingerprint(), signal, state, null)),
        0,
        Notification.Kind.NOTIFY,
        Instant.now());
  }

  @Test
  void shouldShowAForwardedAlertInAlertmanagersOwnApiAndResolveIt() throws Exception {
    Receiver receiver =
        new AlertmanagerReceiver(
            new ReceiverConfig.Alertmanager("am", url, Duration.ofSeconds(5)), "http://opsmon");
    AlertSignal firing =
        TestSignals.firing("orders_dropped", Map.of("region", "eu"), Severity.CRITICAL, STARTED);

    Receiver.Result result = receiver.deliver(notification(firing, AlertState.FIRING));

    assertThat(result.kind()).as(result.detail()).isEqualTo(Receiver.Result.Kind.DELIVERED);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode alerts = Json.mapper().readTree(get("/api/v2/alerts").body());
              assertThat(alerts).hasSize(1);
              JsonNode alert = alerts.get(0);
              assertThat(alert.get("labels").get("alertname").asText()).isEqualTo("orders_dropped");
              assertThat(alert.get("labels").get("region").asText()).isEqualTo("eu");
              assertThat(alert.get("labels").get("severity").asText()).isEqualTo("critical");
              assertThat(alert.get("annotations").get("summary").asText())
                  .isEqualTo("orders_dropped {region=eu}");
              assertThat(Instant.parse(alert.get("startsAt").asText())).isEqualTo(STARTED);
              assertThat(alert.get("status").get("state").asText()).isEqualTo("active");
              assertThat(alert.get("generatorURL").asText())
                  .isEqualTo("http://opsmon/api/v1/alerts/" + firing.fingerprint());
            });

    AlertSignal resolved =
        TestSignals.resolved(
            "orders_dropped",
            Map.of("region", "eu"),
            Severity.CRITICAL,
            STARTED,
            STARTED.plus(Duration.ofMinutes(30)));
    assertThat(receiver.deliver(notification(resolved, AlertState.RESOLVED)).kind())
        .isEqualTo(Receiver.Result.Kind.DELIVERED);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(Json.mapper().readTree(get("/api/v2/alerts?active=true").body()))
                    .isEmpty());
    assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
  }
}
