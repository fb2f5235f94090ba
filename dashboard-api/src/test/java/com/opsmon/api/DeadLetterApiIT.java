package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.api.deadletters.RecentDeadLetters;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topics;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.StoreSettings;
import io.javalin.testtools.JavalinTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/dlq} over a real dead-letter topic. */
class DeadLetterApiIT {
  private static final Instant T = Instant.now().truncatedTo(ChronoUnit.HOURS);

  @TempDir Path dir;

  private static DeadLetter letter(DeadLetterReason reason, String payload) {
    return DeadLetter.of(
        reason, "because " + payload, payload.getBytes(StandardCharsets.UTF_8), "http", T, 1);
  }

  @Test
  void shouldListTheNewestDeadLettersFirstFilteredByReason() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        EmbeddedQuestDb questDb = EmbeddedQuestDb.start(dir.resolve("questdb"));
        KpiReader reader =
            KpiStores.reader(StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl()))) {
      kafka.createMonitorTopics(1);
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              Topics.DEAD_LETTERS.keySerde().serializer(),
              Topics.DEAD_LETTERS.valueSerde().serializer())) {
        producer
            .send(
                new ProducerRecord<>(
                    Topics.DEAD_LETTERS.name(), letter(DeadLetterReason.MALFORMED_JSON, "first")))
            .get();
        producer
            .send(
                new ProducerRecord<>(
                    Topics.DEAD_LETTERS.name(), letter(DeadLetterReason.MISSING_FIELD, "second")))
            .get();
        producer
            .send(
                new ProducerRecord<>(
                    Topics.DEAD_LETTERS.name(), letter(DeadLetterReason.MALFORMED_JSON, "third")))
            .get();
      }
      try (var raw =
          new KafkaProducer<>(
              Map.<String, Object>of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              new org.apache.kafka.common.serialization.StringSerializer(),
              new org.apache.kafka.common.serialization.StringSerializer())) {
        // someone writes garbage to the topic: the tail skips it and carries on
        raw.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), "not a dead letter")).get();
        raw.send(
                new ProducerRecord<>(
                    Topics.DEAD_LETTERS.name(),
                    Json.write(letter(DeadLetterReason.TOO_LARGE, "x".repeat(10_000)))))
            .get();
      }
      try (RecentDeadLetters recent =
          new RecentDeadLetters(kafka.bootstrapServers(), 100).start()) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> recent.newest(10, Optional.empty()).size() == 4);
        ApiContext context =
            ApiContext.builder(
                    reader,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    Clock.systemUTC())
                .deadLetters(recent)
                .build();

        JavalinTest.test(
            DashboardApi.create(context),
            (server, client) -> {
              JsonNode malformed =
                  Json.mapper()
                      .readTree(client.get("/api/v1/dlq?reason=malformed_json").body().string());
              JsonNode newest =
                  Json.mapper().readTree(client.get("/api/v1/dlq?limit=1").body().string());

              JsonNode big =
                  Json.mapper()
                      .readTree(client.get("/api/v1/dlq?reason=too_large").body().string());
              assertThat(big.get("deadLetters").get(0).get("deadLetter").get("payload").asText())
                  .hasSize(2048);
              assertThat(
                      big.get("deadLetters")
                          .get(0)
                          .get("deadLetter")
                          .get("payloadTruncated")
                          .asBoolean())
                  .isTrue();
              assertThat(malformed.get("deadLetters"))
                  .extracting(e -> e.get("deadLetter").get("payload").asText())
                  .containsExactly("third", "first");
              assertThat(newest.get("deadLetters"))
                  .extracting(e -> e.get("deadLetter").get("reason").asText())
                  .containsExactly("too_large");
              assertThat(client.get("/api/v1/dlq?limit=0").code()).isEqualTo(400);
              assertThat(client.get("/api/v1/dlq?limit=many").body().string())
                  .contains("'limit' must be a whole number");
              assertThat(client.get("/api/v1/dlq?reason=boredom").body().string())
                  .contains("unknown reason 'boredom'");
            });
      }
    }
  }
}
