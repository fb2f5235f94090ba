package com.opsmon.alerting.notify;

import static com.opsmon.alerting.TestSignals.firing;
import static com.opsmon.alerting.TestSignals.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.alerting.WebhookReceiver;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.model.alerts.AlertNotification;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.topics.Topic;
import com.opsmon.model.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notifier between a real broker and a real HTTP receiver. */
class WebhookNotifierIT {
  /** Yesterday on the hour, plus a minute: placed relative to the clock, never a fixed date. */
  private static final Instant T1 =
      Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS).plusSeconds(60);

  private static final Instant T3 = T1.plusSeconds(120);
  private static final String GROUP = "notifier-it";
  private static final RetryPolicy FAST_RETRY =
      new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200));

  @TempDir Path dir;
  private EmbeddedKafka kafka;
  private final List<WebhookReceiver> receivers = new ArrayList<>();
  private final List<WebhookNotifier> notifiers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  @BeforeEach
  void startKafka() {
    kafka = EmbeddedKafka.start(dir);
    kafka.createTopics(Topics.all().stream().map(Topic::name).toList(), 3);
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    notifiers.forEach(WebhookNotifier::close);
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    receivers.forEach(WebhookReceiver::close);
    kafka.close();
  }

  @Test
  void shouldRetryAFailingReceiverUntilItAcceptsAndDeliverEachNotificationOnceInOrder() {
    AtomicInteger failuresLeft = new AtomicInteger(2);
    WebhookReceiver receiver = receiver(body -> failuresLeft.getAndDecrement() > 0 ? 503 : 200);
    send(notification(firing("eu", T1)), notification(resolved("eu", T1, T3)));
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    start(notifier(receiver, metrics, Map.of()));

    awaitAccepted(receiver, "firing", "resolved");
    assertThat(
            receiver
                .accepted()
                .get(0)
                .body()
                .get("alerts")
                .get(0)
                .get("labels")
                .get("region")
                .asText())
        .isEqualTo("eu");
    assertThat(count(metrics, "opsmon.notifications.failed.attempts")).isEqualTo(2.0);
    assertThat(count(metrics, "opsmon.notifications.delivered")).isEqualTo(2.0);
  }

  @Test
  void shouldDeliverEveryNotificationInOrderPerFingerprintWhenASecondNotifierJoinsWhileFailing() {
    AtomicBoolean failing = new AtomicBoolean(true);
    WebhookReceiver receiver = receiver(body -> failing.get() ? 503 : 200);
    Map<String, List<String>> expected = new LinkedHashMap<>();
    List<AlertNotification> all = new ArrayList<>();
    for (int episode = 0; episode < 5; episode++) {
      Instant start = T1.plus(Duration.ofMinutes(10L * episode));
      for (int region = 0; region < 20; region++) {
        for (AlertSignal signal :
            List.of(
                firing("r" + region, start),
                resolved("r" + region, start, start.plus(Duration.ofMinutes(2))))) {
          AlertNotification n = notification(signal);
          all.add(n);
          expected.computeIfAbsent(n.fingerprint(), f -> new ArrayList<>()).add(n.notificationId());
        }
      }
    }
    send(all.toArray(AlertNotification[]::new));
    SimpleMeterRegistry first = new SimpleMeterRegistry();
    SimpleMeterRegistry second = new SimpleMeterRegistry();
    RetryPolicy retry = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(400));

    start(
        new WebhookNotifier(
            kafka.bootstrapServers(), GROUP, receiver.url(), "http://opsmon", retry, first));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> count(first, "opsmon.notifications.failed.attempts") >= 1);
    start(
        new WebhookNotifier(
            kafka.bootstrapServers(), GROUP, receiver.url(), "http://opsmon", retry, second));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> count(second, "opsmon.notifications.failed.attempts") >= 1);
    // the first notifier keeps retrying, and polling, under its new assignment for a while
    double firstFailures = count(first, "opsmon.notifications.failed.attempts");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> count(first, "opsmon.notifications.failed.attempts") >= firstFailures + 3);
    failing.set(false);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(firstArrivalsByFingerprint(receiver)).isEqualTo(expected));
    assertThat(count(first, "opsmon.notifications.delivered")).isPositive();
    assertThat(count(second, "opsmon.notifications.delivered")).isPositive();
  }

  @Test
  void shouldCarryOnAndDeliverAgainWhenTheCommitFailsAfterADeliveryOutlastedThePollInterval()
      throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    WebhookReceiver receiver =
        receiver(
            body -> {
              if (arrived.getCount() > 0) {
                arrived.countDown();
                awaitQuietly(answer);
              }
              return 200;
            });
    send(notification(firing("eu", T1)), notification(resolved("eu", T1, T3)));
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    WebhookNotifier notifier =
        notifier(receiver, metrics, Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_000));

    start(notifier);
    assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
    // the delivery outlasts max.poll.interval.ms, so the consumer leaves the group
    try (Admin admin = admin()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  admin
                      .describeConsumerGroups(List.of(GROUP))
                      .describedGroups()
                      .get(GROUP)
                      .get()
                      .members()
                      .isEmpty());
    }
    answer.countDown();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(receiver.accepted()).hasSize(3));
    assertThat(receiver.accepted())
        .extracting(WebhookReceiver.Request::alertStatus)
        .containsExactly("firing", "firing", "resolved");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(committed().values()).containsExactly(2L));
    assertThat(notifier.health()).isEqualTo(ComponentHealth.up("delivering"));
  }

  @Test
  void shouldSkipAnUndecodableRecordCountItAndDeliverTheNextOnes() throws Exception {
    WebhookReceiver receiver = receiver(body -> 200);
    AlertNotification first = notification(firing("eu", T1));
    send(first);
    try (var raw =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      raw.send(
              new ProducerRecord<>(
                  Topics.ALERT_NOTIFICATIONS.name(),
                  first.fingerprint(),
                  "not json".getBytes(StandardCharsets.UTF_8)))
          .get();
    }
    send(notification(resolved("eu", T1, T3)));
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    start(notifier(receiver, metrics, Map.of()));

    awaitAccepted(receiver, "firing", "resolved");
    assertThat(count(metrics, "opsmon.notifications.undecodable")).isEqualTo(1.0);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(committed().values()).containsExactly(3L));
  }

  @Test
  void shouldReportUnhealthyWhenItsThreadStopsWithoutBeingClosed() {
    WebhookReceiver receiver = receiver(body -> 200);
    send(notification(firing("eu", T1)));
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    WebhookNotifier notifier = notifier(receiver, metrics, Map.of());
    Thread thread = start(notifier);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> count(metrics, "opsmon.notifications.delivered") == 1.0);
    assertThat(notifier.health()).isEqualTo(ComponentHealth.up("delivering"));

    thread.interrupt();

    await().atMost(Duration.ofSeconds(10)).until(() -> !thread.isAlive());
    assertThat(notifier.health())
        .isEqualTo(ComponentHealth.down("notifier stopped unexpectedly; see the log"));
  }

  @Test
  void shouldSetAsideANotificationTheReceiverRefusesForGoodAndStayDownUntilTheNextSuccess() {
    int status = 422;
    WebhookReceiver receiver =
        receiver(body -> body.get("status").asText().equals("firing") ? status : 200);
    AlertNotification refused = notification(firing("eu", T1));
    send(refused);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    WebhookNotifier notifier = notifier(receiver, metrics, Map.of());

    start(notifier);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> count(metrics, "opsmon.notifications.rejected") == 1.0);
    assertThat(notifier.health())
        .isEqualTo(
            ComponentHealth.down(
                "webhook rejected notification "
                    + refused.notificationId()
                    + " with HTTP "
                    + status
                    + "; see the log"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(committed().values()).containsExactly(1L));

    send(notification(resolved("eu", T1, T3)));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> count(metrics, "opsmon.notifications.delivered") == 1.0);
    assertThat(notifier.health()).isEqualTo(ComponentHealth.up("delivering"));
    assertThat(receiver.requests())
        .extracting(WebhookReceiver.Request::alertStatus, WebhookReceiver.Request::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("firing", status),
            org.assertj.core.groups.Tuple.tuple("resolved", 200));
    assertThat(count(metrics, "opsmon.notifications.failed.attempts")).isEqualTo(0.0);
  }

  @Test
  void shouldRetryARateLimitLikeAServerError() {
    int status = 429;
    AtomicInteger failuresLeft = new AtomicInteger(1);
    WebhookReceiver receiver = receiver(body -> failuresLeft.getAndDecrement() > 0 ? status : 200);
    send(notification(firing("eu", T1)));
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    start(notifier(receiver, metrics, Map.of()));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> count(metrics, "opsmon.notifications.delivered") == 1.0);
    assertThat(receiver.requests())
        .extracting(WebhookReceiver.Request::status)
        .containsExactly(status, 200);
    assertThat(count(metrics, "opsmon.notifications.failed.attempts")).isEqualTo(1.0);
    assertThat(count(metrics, "opsmon.notifications.rejected")).isEqualTo(0.0);
  }

  private WebhookReceiver receiver(ToIntFunction<JsonNode> answer) {
    WebhookReceiver receiver = WebhookReceiver.start(answer);
    receivers.add(receiver);
    return receiver;
  }

  private WebhookNotifier notifier(
      WebhookReceiver receiver, MeterRegistry metrics, Map<String, Object> consumerOverrides) {
    return new WebhookNotifier(
        kafka.bootstrapServers(),
        GROUP,
        receiver.url(),
        "http://opsmon",
        FAST_RETRY,
        metrics,
        consumerOverrides);
  }

  private Thread start(WebhookNotifier notifier) {
    Thread thread = new Thread(notifier, "webhook-notifier-" + notifiers.size());
    notifiers.add(notifier);
    threads.add(thread);
    thread.start();
    return thread;
  }

  private static AlertNotification notification(AlertSignal signal) {
    return new AlertNotification(
        signal.fingerprint(),
        signal,
        signal.endsAt() != null ? signal.endsAt() : signal.startsAt());
  }

  private void send(AlertNotification... notifications) {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            Topics.ALERT_NOTIFICATIONS.keySerde().serializer(),
            Topics.ALERT_NOTIFICATIONS.valueSerde().serializer())) {
      for (AlertNotification n : notifications) {
        producer.send(new ProducerRecord<>(Topics.ALERT_NOTIFICATIONS.name(), n.fingerprint(), n));
      }
      producer.flush();
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  /** The group's committed offsets by partition. */
  private Map<TopicPartition, Long> committed() throws Exception {
    try (Admin admin = admin()) {
      return admin
          .listConsumerGroupOffsets(GROUP)
          .partitionsToOffsetAndMetadata()
          .get(10, TimeUnit.SECONDS)
          .entrySet()
          .stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
  }

  /**
   * For each fingerprint, the notification ids the receiver accepted, each at its first arrival.
   */
  private static Map<String, List<String>> firstArrivalsByFingerprint(WebhookReceiver receiver) {
    return receiver.accepted().stream()
        .collect(
            Collectors.groupingBy(
                WebhookReceiver.Request::fingerprint,
                LinkedHashMap::new,
                Collectors.collectingAndThen(
                    Collectors.mapping(
                        WebhookReceiver.Request::notificationId, Collectors.toList()),
                    ids -> ids.stream().distinct().toList())));
  }

  private static double count(MeterRegistry metrics, String counter) {
    return metrics.get(counter).counter().count();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until the receiver accepted exactly these notifications, by status, in this order. */
  private static void awaitAccepted(WebhookReceiver receiver, String... statuses) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(receiver.accepted()).hasSize(statuses.length));
    assertThat(receiver.accepted())
        .extracting(WebhookReceiver.Request::alertStatus)
        .containsExactly(statuses);
  }
}
