package com.opsmon.alerting.notify;

import com.opsmon.model.alerts.AlertNotification;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alert notifications to a webhook as Alertmanager payloads, in order, each until the
 * receiver answers 2xx. A notification's offset is committed only after its delivery, so a receiver
 * that is down, or a restart, delays notifications but never loses them; a receiver may see a
 * notification again after a crash and can discard it by {@code fingerprint} and status.
 */
public final class WebhookNotifier implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

  private final URI webhook;
  private final String externalUrl;
  private final RetryPolicy retry;
  private final KafkaConsumer<String, AlertNotification> consumer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Counter delivered;
  private final Counter failedAttempts;
  private volatile boolean healthy = true;

  public WebhookNotifier(
      String bootstrapServers,
      String groupId,
      URI webhook,
      String externalUrl,
      RetryPolicy retry,
      MeterRegistry metrics) {
    this.webhook = webhook;
    this.externalUrl = externalUrl;
    this.retry = retry;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                50),
            Topics.ALERT_NOTIFICATIONS.keySerde().deserializer(),
            Topics.ALERT_NOTIFICATIONS.valueSerde().deserializer());
    this.delivered =
        Counter.builder("opsmon.notifications.delivered")
            .tag("receiver", "webhook")
            .register(metrics);
    this.failedAttempts =
        Counter.builder("opsmon.notifications.failed.attempts")
            .tag("receiver", "webhook")
            .register(metrics);
  }

  /** False while the receiver keeps failing. */
  public boolean healthy() {
    return healthy;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(Topics.ALERT_NOTIFICATIONS.name()));
      while (running.get()) {
        for (ConsumerRecord<String, AlertNotification> record :
            consumer.poll(Duration.ofMillis(500))) {
          if (record.value() != null && !deliver(record.value())) {
            return;
          }
          consumer.commitSync(
              Map.of(
                  new TopicPartition(record.topic(), record.partition()),
                  new OffsetAndMetadata(record.offset() + 1)));
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Tries until delivered; false only when the notifier is closing. */
  private boolean deliver(AlertNotification notification) {
    String body = Json.write(AlertmanagerPayload.of(notification, "webhook", externalUrl));
    int attempt = 0;
    while (running.get()) {
      attempt++;
      String problem;
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(webhook)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          delivered.increment();
          healthy = true;
          return true;
        }
        problem = "HTTP " + response.statusCode();
      } catch (IOException e) {
        problem = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      failedAttempts.increment();
      healthy = false;
      Duration backoff = retry.backoffAfter(attempt);
      log.warn(
          "webhook delivery of {} failed (attempt {}: {}); retrying in {}",
          notification.notificationId(),
          attempt,
          problem,
          backoff);
      waitWhileStayingInTheGroup(backoff);
    }
    return false;
  }

  /**
   * Polls paused partitions instead of sleeping, so the group does not think this consumer died.
   */
  private void waitWhileStayingInTheGroup(Duration backoff) {
    consumer.pause(consumer.assignment());
    long deadline = System.nanoTime() + backoff.toNanos();
    try {
      while (running.get() && System.nanoTime() < deadline) {
        consumer.poll(
            Duration.ofMillis(
                Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))));
      }
    } finally {
      consumer.resume(consumer.paused());
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
  }
}
