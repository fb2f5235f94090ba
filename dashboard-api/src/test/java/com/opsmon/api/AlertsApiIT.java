package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.alerting.AlertingService;
import com.opsmon.alerting.config.RoutingFile;
import com.opsmon.api.alerts.AlertCommands;
import com.opsmon.api.alerts.AlertsProjection;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.topics.KafkaAdmin;
import com.opsmon.model.topics.Topics;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import com.sun.net.httpserver.HttpServer;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API and the alerting app sharing nothing but a real broker: alerts appear in the API, an
 * acknowledgement and a silence made through the API reach the alerting app, and the notification
 * log and its counts come back to the API.
 */
class AlertsApiIT {
  /** An hour ago, on the minute: relative to the clock, never a fixed date. */
  private static final Instant T1 =
      Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);

  private static final String TOKEN = "s3cret-admin";

  @TempDir Path dir;

  private static AlertSignal fire(String region) {
    return new AlertSignal(
        "orders_dropped",
        Map.of("region", region),
        AlertStatus.FIRING,
        Severity.CRITICAL,
        "Orders dropped in " + region,
        3.0,
        "> 40",
        T1,
        null,
        null);
  }

  private static JsonNode json(Response response) throws Exception {
    return Json.mapper().readTree(response.body().string());
  }

  @Test
  void shouldShowAlertsAndApplyAcknowledgementsAndSilencesMadeThroughTheApi() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        exchange -> {
          received.add(Json.mapper().readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    hook.start();
    Files.writeString(
        dir.resolve("hook.url"), "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
    Path routing = dir.resolve("routing.yml");
    Files.writeString(
        routing,
        """
        lifecycle: {tick: 200ms}
        route: {receiver: hook, group_by: ['...'], group_wait: 2s, group_interval: 1s}
        receivers:
          - name: hook
            webhook: {url_file: %s}
        """
            .formatted(dir.resolve("hook.url")));
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      try (KafkaAdmin admin = new KafkaAdmin(kafka.bootstrapServers())) {
        admin.ensureTopics(3, (short) 1);
      }
      try (AlertingService alerting =
              AlertingService.start(
                  new AlertingService.Config(
                      kafka.bootstrapServers(),
                      dir.resolve("state"),
                      "alerting-api-it",
                      RoutingFile.read(routing, "http://opsmon")),
                  new SimpleMeterRegistry());
          AlertsProjection projection =
              new AlertsProjection(kafka.bootstrapServers(), 1000, metrics).start();
          AlertCommands commands = AlertCommands.kafka(kafka.bootstrapServers());
          var producer =
              new KafkaProducer<>(
                  Map.<String, Object>of(
                      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                  Topics.ALERT_SIGNALS.keySerde().serializer(),
                  Topics.ALERT_SIGNALS.valueSerde().serializer())) {
        var app =
            DashboardApi.create(
                ApiContext.builder(new NoKpis(), metrics, Clock.systemUTC())
                    .alerts(projection, commands)
                    .adminToken(Optional.of(TOKEN))
                    .build());
        JavalinTest.test(
            app,
            (server, client) -> {
              for (String region : List.of("eu", "us")) {
                producer
                    .send(
                        new ProducerRecord<>(
                            Topics.ALERT_SIGNALS.name(), fire(region).fingerprint(), fire(region)))
                    .get();
              }
              String eu = fire("eu").fingerprint();
              await()
                  .atMost(Duration.ofSeconds(60))
                  .untilAsserted(
                      () ->
                          assertThat(json(client.get("/api/v1/alerts?state=firing")).get("alerts"))
                              .extracting(a -> a.get("labels").get("region").asText())
                              .containsExactlyInAnyOrder("eu", "us"));
              await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 2);

              Response ack =
                  client.post(
                      "/api/v1/alerts/" + eu + "/ack",
                      "{\"by\":\"alice\",\"comment\":\"on it\",\"duration\":\"1h\"}",
                      r -> r.header("Authorization", "Bearer " + TOKEN));
              assertThat(ack.code()).isEqualTo(202);
              await()
                  .atMost(Duration.ofSeconds(30))
                  .untilAsserted(
                      () -> {
                        JsonNode alert = json(client.get("/api/v1/alerts/" + eu));
                        assertThat(alert.get("state").asText()).isEqualTo("acknowledged");
                        assertThat(alert.get("ack").get("by").asText()).isEqualTo("alice");
                        assertThat(alert.get("history"))
                            .extracting(h -> h.get("state").asText())
                            .containsExactly("firing", "acknowledged");
                      });

              Response silence =
                  client.post(
                      "/api/v1/silences",
                      "{\"matchers\":[\"region=\\\"apac\\\"\"],\"duration\":\"1h\","
                          + "\"createdBy\":\"bob\",\"comment\":\"warehouse move\"}",
                      r -> r.header("Authorization", "Bearer " + TOKEN));
              assertThat(silence.code()).isEqualTo(201);
              String silenceId = json(silence).get("id").asText();
              producer
                  .send(
                      new ProducerRecord<>(
                          Topics.ALERT_SIGNALS.name(), fire("apac").fingerprint(), fire("apac")))
                  .get();
              await()
                  .atMost(Duration.ofSeconds(30))
                  .untilAsserted(
                      () ->
                          assertThat(json(client.get("/api/v1/notifications")).get("notifications"))
                              .anySatisfy(
                                  n -> {
                                    assertThat(n.get("outcome").asText()).isEqualTo("suppressed");
                                    assertThat(n.get("detail").asText())
                                        .isEqualTo("silence " + silenceId);
                                    assertThat(n.get("fingerprints").get(0).asText())
                                        .isEqualTo(fire("apac").fingerprint());
                                  }));
              assertThat(
                      json(client.get("/api/v1/alerts/" + fire("apac").fingerprint()))
                          .get("silencedBy"))
                  .extracting(JsonNode::asText)
                  .containsExactly(silenceId);
              assertThat(received)
                  .extracting(b -> b.get("alerts").get(0).get("labels").get("region").asText())
                  .containsExactlyInAnyOrder("eu", "us");
              String scrape = client.get("/metrics").body().string();
              assertThat(scrape)
                  .contains("opsmon_notifications_sent_total{receiver=\"hook\"} 2.0")
                  .contains("opsmon_notifications_queued{receiver=\"hook\"} 0.0");
            });
      } finally {
        hook.stop(0);
      }
    }
  }

  /** The API needs a KPI store; this test reads none. */
  private static final class NoKpis implements KpiReader {
    @Override
    public List<KpiPoint> read(KpiQuery query) {
      return List.of();
    }

    @Override
    public com.opsmon.store.query.QueryResult query(com.opsmon.store.query.AdHocQuery query) {
      return new com.opsmon.store.query.QueryResult(List.of(), false);
    }

    @Override
    public void ping() {}

    @Override
    public void close() {}
  }
}
