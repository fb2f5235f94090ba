package com.opsmon.alerting.notify;

import static com.opsmon.alerting.TestSignals.firing;
import static com.opsmon.alerting.TestSignals.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.model.alerts.AlertNotification;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topic;
import com.opsmon.model.topics.Topics;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notifier between a real broker and a real HTTP receiver that fails at first. */
class WebhookNotifierIT {
  private static final Instant T1 = Instant.parse("2026-11-25T10:01:00Z");
  private static final Instant T3 = Instant.parse("2026-11-25T10:03:00Z");

  @TempDir Path dir;

  @Test
  void shouldRetryAFailingReceiverUntilItAcceptsAndDeliverEachNotificationOnceInOrder()
      throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          if (failuresLeft.getAndDecrement() > 0) {
            exchange.sendResponseHeaders(503, -1);
          } else {
            received.add(Json.mapper().readTree(body));
            exchange.sendResponseHeaders(200, -1);
          }
          exchange.close();
        });
    receiver.start();
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      kafka.createTopics(Topics.all().stream().map(Topic::name).toList(), 1);
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              Topics.ALERT_NOTIFICATIONS.keySerde().serializer(),
              Topics.ALERT_NOTIFICATIONS.valueSerde().serializer())) {
        String fp = firing("eu", T1).fingerprint();
        producer
            .send(
                new ProducerRecord<>(
                    Topics.ALERT_NOTIFICATIONS.name(),
                    fp,
                    new AlertNotification(fp, firing("eu", T1), T1)))
            .get();
        producer
            .send(
                new ProducerRecord<>(
                    Topics.ALERT_NOTIFICATIONS.name(),
                    fp,
                    new AlertNotification(fp, resolved("eu", T1, T3), T3)))
            .get();
      }

      URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
      try (WebhookNotifier notifier =
          new WebhookNotifier(
              kafka.bootstrapServers(),
              "notifier-it",
              hook,
              "http://opsmon",
              new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200)),
              metrics)) {
        Thread thread = new Thread(notifier, "webhook-notifier");
        thread.start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(received).hasSize(2));
        notifier.close();
        thread.join(10_000);
      }
    } finally {
      receiver.stop(0);
    }

    assertThat(received)
        .extracting(n -> n.get("status").asText())
        .containsExactly("firing", "resolved");
    assertThat(received.get(0).get("alerts").get(0).get("labels").get("region").asText())
        .isEqualTo("eu");
    assertThat(metrics.get("opsmon.notifications.failed.attempts").counter().count())
        .isEqualTo(2.0);
    assertThat(metrics.get("opsmon.notifications.delivered").counter().count()).isEqualTo(2.0);
  }
}
