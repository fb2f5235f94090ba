package com.opsmon.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.opsmon.model.topics.KafkaAdmin;
import com.opsmon.model.topics.Topic;
import com.opsmon.model.topics.TopicSettings;
import com.opsmon.model.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
  @TempDir Path dir;

  @Test
  void shouldServeRealClientsOnLoopbackAndKeepTopicsAcrossRestart() throws Exception {
    String value;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
      kafka.createTopics(List.of("greetings"), 2);

      try (var producer =
          new KafkaProducer<String, String>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all"),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>("greetings", "k", "hello")).get(10, TimeUnit.SECONDS);
      }
      value = consumeOne(kafka.bootstrapServers(), "greetings");
    }
    assertThat(value).isEqualTo("hello");

    try (EmbeddedKafka restarted = EmbeddedKafka.start(dir);
        Admin admin = Admin.create(Map.of("bootstrap.servers", restarted.bootstrapServers()))) {
      Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      assertThat(topics).contains("greetings");
      assertThat(consumeOne(restarted.bootstrapServers(), "greetings")).isEqualTo("hello");
    }
  }

  @Test
  void shouldBringTheSettingsOfATopicCreatedOtherwiseInLineWithTheRegistry() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir);
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        KafkaAdmin monitor = new KafkaAdmin(kafka.bootstrapServers())) {
      // as an older build, or a person, created it: stamped by producers, kept one day, and
      // needing two replicas in sync where it has one (so every acks=all write is refused)
      admin
          .createTopics(
              List.of(
                  new NewTopic(Topics.KPIS.name(), 1, (short) 1)
                      .configs(
                          Map.of(
                              "message.timestamp.type",
                              "CreateTime",
                              "retention.ms",
                              String.valueOf(Duration.ofDays(1).toMillis()),
                              "min.insync.replicas",
                              "2"))))
          .all()
          .get(10, TimeUnit.SECONDS);

      List<KafkaAdmin.SettingDrift> drifts = monitor.ensureTopics(1, (short) 1);

      assertThat(drifts)
          .extracting(
              KafkaAdmin.SettingDrift::topic,
              KafkaAdmin.SettingDrift::setting,
              KafkaAdmin.SettingDrift::aligned)
          .containsExactlyInAnyOrder(
              tuple(Topics.KPIS.name(), "message.timestamp.type", true),
              tuple(Topics.KPIS.name(), "retention.ms", true),
              tuple(Topics.KPIS.name(), "min.insync.replicas", true));
      ConfigResource kpis = new ConfigResource(ConfigResource.Type.TOPIC, Topics.KPIS.name());
      // the controller applies the change, then the broker learns of it
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Config config =
                    admin.describeConfigs(List.of(kpis)).all().get(10, TimeUnit.SECONDS).get(kpis);
                assertThat(config.get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
                assertThat(config.get("retention.ms").value())
                    .isEqualTo(String.valueOf(Topics.RETENTION.toMillis()));
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
              });
      // a second start finds nothing to change
      assertThat(monitor.ensureTopics(1, (short) 1)).isEmpty();
    }
  }

  @Test
  void shouldRefuseAReplicationTheClusterCannotHoldBeforeCreatingAnything() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir);
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        KafkaAdmin monitor = new KafkaAdmin(kafka.bootstrapServers())) {
      assertThatThrownBy(() -> monitor.ensureTopics(TopicSettings.of(1, (short) 3)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "topics need replication 3 but the cluster has 1 broker(s): lower --replication"
                  + " (OPSMON_REPLICATION) to at most 1");
      assertThatThrownBy(() -> monitor.ensureTopics(new TopicSettings(1, (short) 1, 2)))
          .hasMessageStartingWith("--min-insync 2 is more than the 1 replica(s) of each topic");
      assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
          .doesNotContainAnyElementsOf(Topics.all().stream().map(Topic::name).toList());

      assertThat(monitor.checkReplication(TopicSettings.singleBroker(1))).isEqualTo(1);
    }
  }

  @Test
  void shouldStampRawEventsWithTheirArrivalTimeWhateverTheProducerSays() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir);
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      kafka.createMonitorTopics(1);
      var raw =
          new org.apache.kafka.common.config.ConfigResource(
              org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "opsmon.events.raw");

      var config = admin.describeConfigs(List.of(raw)).all().get(10, TimeUnit.SECONDS).get(raw);

      assertThat(config.get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
      assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
          .contains("opsmon.events.dead-letters", "opsmon.kpis");
    }
  }

  @Test
  void shouldBeUsableByAnyKafkaClientSuchAsKcat() throws Exception {
    java.nio.file.Path kcat = java.nio.file.Path.of("/usr/bin/kcat");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isExecutable(kcat),
        "kcat is not installed (apt-get install kcat; .ci/run does)");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      kafka.createTopics(List.of("opsmon.probe"), 1);

      Process listing =
          new ProcessBuilder(kcat.toString(), "-b", kafka.bootstrapServers(), "-L")
              .redirectErrorStream(true)
              .start();
      assertThat(listing.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String metadata =
          new String(
              listing.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

      assertThat(listing.exitValue()).as(metadata).isZero();
      assertThat(metadata)
          .contains("topic \"opsmon.probe\" with 1 partitions")
          .contains("broker 1 at 127.0.0.1:");
    }
  }

  private static String consumeOne(String bootstrap, String topic) {
    try (var consumer =
        new KafkaConsumer<String, String>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          return r.value();
        }
      }
      throw new AssertionError("nothing consumed from " + topic);
    }
  }
}
