package com.opsmon.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.opsmon.alerting.config.RoutingFile;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.NotificationLogEntry;
import com.opsmon.model.alerts.NotificationLogEntry.Outcome;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.topics.KafkaAdmin;
import com.opsmon.model.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerting service on a real broker, delivering to a real HTTP receiver that fails on purpose:
 * one notification refused forever, and a receiver that refuses for a while during which the
 * service is killed (a separate JVM, destroyed without warning) and started again.
 */
class AlertingServiceIT {
  /** Yesterday on the hour: placed relative to the clock, never a fixed date. */
  private static final Instant T1 =
      Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);

  @TempDir Path dir;
  private EmbeddedKafka kafka;
  private HttpReceiverServer receiver;
  private final List<AutoCloseable> running = new ArrayList<>();

  @BeforeEach
  void startKafka() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (AutoCloseable c : running) {
      c.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    kafka.close();
  }

  /** A routing file with one webhook receiver (and optionally a Slack one for every alert). */
  private Path routing(boolean withChat) throws Exception {
    Files.writeString(dir.resolve("hook.url"), receiver.url("/hook").toString());
    Files.writeString(dir.resolve("chat.url"), receiver.url("/chat").toString());
    String routes =
        withChat
            ? """
                routes:
                  - receiver: chat
                    continue: true
                  - receiver: hook
              """
            : "";
    Path file = dir.resolve("routing.yml");
    Files.writeString(
        file,
        """
        lifecycle: {tick: 200ms}
        delivery: {initial_backoff: 100ms, max_backoff: 1s}
        route:
          receiver: hook
          group_by: ['...']
          group_wait: 0s
          group_interval: 1s
          repeat_interval: 4h
        %s
        receivers:
          - name: hook
            webhook: {url_file: %s}
          - name: chat
            slack: {url_file: %s}
        """
            .formatted(routes, dir.resolve("hook.url"), dir.resolve("chat.url")));
    RoutingFile.read(file, "http://opsmon");
    return file;
  }

  private void send(AlertSignal... signals) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            Topics.ALERT_SIGNALS.keySerde().serializer(),
            Topics.ALERT_SIGNALS.valueSerde().serializer())) {
      for (AlertSignal s : signals) {
        producer.send(new ProducerRecord<>(Topics.ALERT_SIGNALS.name(), s.fingerprint(), s)).get();
      }
    }
  }

  private static AlertSignal fire(String region) {
    return TestSignals.firing("orders_dropped", Map.of("region", region), Severity.CRITICAL, T1);
  }

  private static AlertSignal resolve(String region) {
    return TestSignals.resolved(
        "orders_dropped", Map.of("region", region), Severity.CRITICAL, T1, T1.plusSeconds(600));
  }

  private static String region(HttpReceiverServer.Request r) {
    if (r.path().equals("/chat")) {
      String text = r.body().get("attachments").get(0).get("text").asText();
      return text.substring(text.indexOf("region=") + 7, text.indexOf('}'));
    }
    return r.body().get("alerts").get(0).get("labels").get("region").asText();
  }

  private static String state(HttpReceiverServer.Request r) {
    return region(r) + " " + r.body().get("status").asText();
  }

  /** The committed notification log, up to its end when called. */
  private List<NotificationLogEntry> notificationLog() {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            Topics.NOTIFICATION_LOG.keySerde().deserializer(),
            Topics.NOTIFICATION_LOG.valueSerde().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.NOTIFICATION_LOG.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      List<NotificationLogEntry> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the notification log was not read to its end in 30 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
      }
      return out;
    }
  }

  @Test
  void shouldDeliverEveryOtherNotificationOnTimeWhileOneIsRefusedForever() throws Exception {
    receiver =
        HttpReceiverServer.start(
            r -> r.path().equals("/hook") && region(r).equals("poison") ? 500 : 200);
    Path routing = routing(true);
    try (KafkaAdmin admin = new KafkaAdmin(kafka.bootstrapServers())) {
      admin.ensureTopics(3, (short) 1);
    }
    AlertingService service =
        AlertingService.start(
            new AlertingService.Config(
                kafka.bootstrapServers(),
                dir.resolve("state"),
                "alerting-poison",
                RoutingFile.read(routing, "http://opsmon")),
            new SimpleMeterRegistry());
    running.add(service);
    List<String> others = List.of("eu", "us", "apac", "latam", "africa");

    send(fire("poison"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> receiver.requests().stream().anyMatch(r -> r.status() == 500));
    long sentAt = System.nanoTime();
    for (String region : others) {
      send(fire(region));
    }

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(
                        receiver.accepted().stream()
                            .filter(r -> r.path().equals("/hook"))
                            .map(AlertingServiceIT::region))
                    .containsExactlyInAnyOrderElementsOf(others));
    assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isLessThan(Duration.ofSeconds(15));
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(
                        receiver.accepted().stream()
                            .filter(r -> r.path().equals("/chat"))
                            .map(AlertingServiceIT::region))
                    .containsExactlyInAnyOrder("poison", "eu", "us", "apac", "latam", "africa"));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                receiver.requests().stream()
                        .filter(r -> r.path().equals("/hook") && region(r).equals("poison"))
                        .count()
                    >= 4);
    assertThat(receiver.accepted())
        .noneMatch(r -> r.path().equals("/hook") && region(r).equals("poison"));
    assertThat(service.notifierHealth().detail()).contains("hook failing: HTTP 500");

    // the log is written in the service's transactions: an entry is readable once its commit is
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              List<NotificationLogEntry> log = notificationLog();
              assertThat(log)
                  .filteredOn(e -> e.receiver().equals("hook") && e.outcome() == Outcome.DELIVERED)
                  .hasSize(others.size());
              assertThat(log)
                  .filteredOn(e -> e.receiver().equals("hook") && e.outcome() == Outcome.FAILED)
                  .extracting(NotificationLogEntry::detail)
                  .isNotEmpty()
                  .allMatch(d -> d.startsWith("HTTP 500"));
            });
  }

  @Test
  void shouldDeliverEveryNotificationExactlyOnceWhenKilledWhileTheReceiverRefuses()
      throws Exception {
    AtomicBoolean refusing = new AtomicBoolean(false);
    receiver = HttpReceiverServer.start(r -> refusing.get() ? 503 : 200);
    Path routing = routing(false);
    ServiceProcess first = ServiceProcess.start(kafka.bootstrapServers(), routing, dir, "first");
    running.add(first);

    send(fire("a"), fire("b"));
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(receiver.accepted())
                    .extracting(AlertingServiceIT::state)
                    .containsExactlyInAnyOrder("a firing", "b firing"));
    // delivered and committed: the next start must not send these again
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                notificationLog().stream().filter(e -> e.outcome() == Outcome.DELIVERED).count()
                    == 2);

    refusing.set(true);
    send(resolve("a"), fire("c"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.requests().stream().filter(r -> r.status() == 503).count() >= 4);
    first.kill();

    send(fire("d"));
    ServiceProcess second = ServiceProcess.start(kafka.bootstrapServers(), routing, dir, "second");
    running.add(second);
    long refusedBefore = receiver.requests().stream().filter(r -> r.status() == 503).count();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                receiver.requests().stream().filter(r -> r.status() == 503).count()
                    >= refusedBefore + 3);
    refusing.set(false);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(receiver.accepted())
                    .extracting(AlertingServiceIT::state)
                    .containsExactlyInAnyOrder(
                        "a firing", "b firing", "a resolved", "c firing", "d firing"));
    Map<String, Long> perKey =
        receiver.accepted().stream()
            .collect(
                Collectors.groupingBy(r -> r.header("Idempotency-Key"), Collectors.counting()));
    assertThat(perKey).hasSize(5).allSatisfy((key, count) -> assertThat(count).isEqualTo(1L));
    // nothing more arrives once the queue is empty
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> receiver.accepted().size() == 5);
    assertThat(
            notificationLog().stream()
                .filter(e -> e.outcome() == Outcome.DELIVERED)
                .collect(
                    Collectors.groupingBy(
                        NotificationLogEntry::idempotencyKey, Collectors.counting())))
        .isEqualTo(perKey);
  }

  /** The alerting service in a JVM of its own, which the test can kill without warning. */
  private record ServiceProcess(Process process) implements AutoCloseable {
    static ServiceProcess start(String bootstrap, Path routing, Path dir, String name)
        throws Exception {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process process =
          new ProcessBuilder(
                  java.toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "-Xmx512m",
                  AlertingService.class.getName(),
                  "--kafka-bootstrap",
                  bootstrap,
                  "--routing",
                  routing.toString(),
                  "--state-dir",
                  dir.resolve("state-" + name).toString(),
                  "--application-id",
                  "alerting-killed",
                  "--partitions",
                  "3")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("alerting-" + name + ".log").toFile())
              .start();
      return new ServiceProcess(process);
    }

    /** Like a power cut: no shutdown hook, nothing committed on the way out. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
