package com.opsmon.alerting;

import static com.opsmon.alerting.TestSignals.firing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.opsmon.alerting.notify.RetryPolicy;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.topics.Topic;
import com.opsmon.model.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerting service on a real broker, notifying a real HTTP receiver. */
class AlertingServiceIT {
  /** Yesterday on the hour, plus a minute: placed relative to the clock, never a fixed date. */
  private static final Instant T1 =
      Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS).plusSeconds(60);

  @TempDir Path dir;

  @Test
  void shouldFinishAndCommitTheDeliveryInProgressBeforeCloseReturns() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    try (WebhookReceiver receiver =
            WebhookReceiver.start(
                body -> {
                  arrived.countDown();
                  awaitQuietly(answer);
                  return 200;
                });
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopics(Topics.all().stream().map(Topic::name).toList(), 1);
      AlertingService service =
          AlertingService.start(
              new AlertingService.Config(
                  kafka.bootstrapServers(),
                  dir.resolve("state"),
                  "alerting-it",
                  Optional.of(receiver.url()),
                  "http://opsmon",
                  new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200))),
              new SimpleMeterRegistry());
      CompletableFuture<Void> closing;
      try {
        AlertSignal signal = firing("eu", T1);
        try (var producer =
            new KafkaProducer<>(
                Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.ALERT_SIGNALS.keySerde().serializer(),
                Topics.ALERT_SIGNALS.valueSerde().serializer())) {
          producer
              .send(new ProducerRecord<>(Topics.ALERT_SIGNALS.name(), signal.fingerprint(), signal))
              .get();
        }
        assertThat(arrived.await(60, TimeUnit.SECONDS)).isTrue();

        closing = CompletableFuture.runAsync(service::close);

        await()
            .during(Duration.ofSeconds(1))
            .atMost(Duration.ofSeconds(3))
            .until(() -> !closing.isDone());
      } catch (Throwable e) {
        answer.countDown();
        service.close();
        throw e;
      }
      answer.countDown();
      closing.get(60, TimeUnit.SECONDS);

      assertThat(receiver.accepted())
          .extracting(WebhookReceiver.Request::alertStatus)
          .containsExactly("firing");
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        assertThat(
                admin
                    .listConsumerGroupOffsets("alerting-it-webhook")
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)
                    .values())
            .extracting(OffsetAndMetadata::offset)
            .containsExactly(1L);
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
