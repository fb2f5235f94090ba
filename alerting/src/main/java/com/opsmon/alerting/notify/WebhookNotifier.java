package com.opsmon.alerting.notify;

import com.opsmon.model.alerts.AlertNotification;
import com.opsmon.model.health.ComponentHealth;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alert notifications to a webhook as Alertmanager payloads, in order per fingerprint. A
 * notification is retried with back-off while the receiver fails (5xx, 408, 429, no answer) and set
 * aside, logged and counted when the receiver refuses it for good (any other 4xx) or it cannot be
 * read. Its offset is committed only after that, so a receiver that is down, a restart or a
 * rebalance delays notifications but never loses them; a receiver may see a notification again and
 * can discard it by {@code fingerprint} and status.
 */
public final class WebhookNotifier implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final ComponentHealth DELIVERING = ComponentHealth.up("delivering");
  private static final ComponentHealth RETRYING =
      ComponentHealth.down("webhook failing; retrying with back-off");

  private final URI webhook;
  private final String externalUrl;
  private final RetryPolicy retry;
  private final KafkaConsumer<String, AlertNotification> consumer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Counter delivered;
  private final Counter failedAttempts;
  private final Counter rejected;
  private final Counter undecodable;

  private volatile ComponentHealth delivery = DELIVERING;
  private volatile String consumerProblem;
  private volatile boolean exited;

  // touched only by the notifier thread (rebalance callbacks run inside its polls)
  private boolean subscribed;
  private boolean assignmentChanged;
  private boolean retryPending;

  public WebhookNotifier(
      String bootstrapServers,
      String groupId,
      URI webhook,
      String externalUrl,
      RetryPolicy retry,
      MeterRegistry metrics) {
    this(bootstrapServers, groupId, webhook, externalUrl, retry, metrics, Map.of());
  }

  /** With consumer settings that replace the defaults, for tests. */
  WebhookNotifier(
      String bootstrapServers,
      String groupId,
      URI webhook,
      String externalUrl,
      RetryPolicy retry,
      MeterRegistry metrics,
      Map<String, Object> consumerOverrides) {
    this.webhook = webhook;
    this.externalUrl = externalUrl;
    this.retry = retry;
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // ten slow deliveries (each times out after 10 s) stay well inside max.poll.interval.ms (5 min)
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
    config.putAll(consumerOverrides);
    this.consumer =
        new KafkaConsumer<>(
            config,
            Topics.ALERT_NOTIFICATIONS.keySerde().deserializer(),
            Topics.ALERT_NOTIFICATIONS.valueSerde().deserializer());
    this.delivered = counter("opsmon.notifications.delivered", metrics);
    this.failedAttempts = counter("opsmon.notifications.failed.attempts", metrics);
    this.rejected = counter("opsmon.notifications.rejected", metrics);
    this.undecodable = counter("opsmon.notifications.undecodable", metrics);
  }

  private static Counter counter(String name, MeterRegistry metrics) {
    return Counter.builder(name).tag("receiver", "webhook").register(metrics);
  }

  /**
   * Up while notifications are delivered; down while the receiver fails, after it refused a
   * notification (until the next delivery succeeds), while the consumer recovers from an error, and
   * for good once the notifier stopped without being closed.
   */
  public ComponentHealth health() {
    if (exited && !closeRequested()) {
      return ComponentHealth.down("notifier stopped unexpectedly; see the log");
    }
    String problem = consumerProblem;
    if (problem != null) {
      return ComponentHealth.down("notifier recovering from " + problem);
    }
    return delivery;
  }

  @Override
  public void run() {
    try {
      int failures = 0;
      while (!closeRequested()) {
        try {
          if (!subscribed) {
            consumer.subscribe(List.of(Topics.ALERT_NOTIFICATIONS.name()), new Rebalance());
            subscribed = true;
          }
          pollAndDeliver();
          failures = 0;
          consumerProblem = null;
        } catch (InterruptException e) {
          throw e;
        } catch (RuntimeException e) {
          failures++;
          Duration pause = retry.backoffAfter(failures);
          log.error("webhook notifier failed; rejoining the group in {}", pause, e);
          consumerProblem = e.toString();
          // rejoining moves every position back to the committed offset, wherever it was left
          unsubscribe();
          awaitClose(pause);
        }
      }
    } catch (InterruptException e) {
      log.warn("webhook notifier interrupted; it stops");
    } catch (Error e) {
      log.error("webhook notifier stops", e);
      throw e;
    } finally {
      closeConsumer();
      exited = true;
    }
  }

  private void pollAndDeliver() {
    ConsumerRecords<String, AlertNotification> batch;
    try {
      batch = consumer.poll(POLL);
    } catch (RecordDeserializationException e) {
      skipUndecodable(e);
      return;
    }
    assignmentChanged = false;
    Map<TopicPartition, Long> firstUndelivered = new HashMap<>();
    for (TopicPartition partition : batch.partitions()) {
      firstUndelivered.put(partition, batch.records(partition).get(0).offset());
    }
    for (ConsumerRecord<String, AlertNotification> record : batch) {
      if (closeRequested()) {
        return;
      }
      if (assignmentChanged || !handle(record)) {
        if (assignmentChanged) {
          // the rest of the batch may belong to another consumer now; fetch again what is ours
          log.info("partitions reassigned; fetching undelivered notifications again");
          rewind(firstUndelivered);
        }
        return;
      }
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
      firstUndelivered.put(partition, record.offset() + 1);
    }
  }

  /**
   * Seeks the partitions still assigned back to their first undelivered offset, which the eager
   * assignor does by itself and the cooperative one does not.
   */
  private void rewind(Map<TopicPartition, Long> firstUndelivered) {
    Set<TopicPartition> assigned = consumer.assignment();
    firstUndelivered.forEach(
        (partition, offset) -> {
          if (assigned.contains(partition)) {
            consumer.seek(partition, offset);
          }
        });
  }

  private void skipUndecodable(RecordDeserializationException e) {
    undecodable.increment();
    log.error(
        "skipping undecodable notification at {} offset {}: {}",
        e.topicPartition(),
        e.offset(),
        e.getMessage());
    consumer.seek(e.topicPartition(), e.offset() + 1);
    consumer.commitSync(Map.of(e.topicPartition(), new OffsetAndMetadata(e.offset() + 1)));
  }

  /** True when the record is done with (delivered or set aside); false when abandoned. */
  private boolean handle(ConsumerRecord<String, AlertNotification> record) {
    AlertNotification notification = record.value();
    if (notification == null) {
      return true;
    }
    String id;
    String body;
    try {
      id = notification.notificationId();
      body = Json.write(AlertmanagerPayload.of(notification, "webhook", externalUrl));
    } catch (RuntimeException e) {
      undecodable.increment();
      log.error(
          "skipping incomplete notification at {}-{} offset {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
      return true;
    }
    return deliver(id, body);
  }

  /**
   * Tries until the receiver accepts or refuses the notification for good; false when the attempt
   * is abandoned because the notifier is closing or the partitions were reassigned.
   */
  private boolean deliver(String id, String body) {
    for (int attempt = 1; ; attempt++) {
      String problem;
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(webhook)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status / 100 == 2) {
          delivered.increment();
          delivery = DELIVERING;
          return true;
        }
        if (refusedForGood(status)) {
          rejected.increment();
          delivery =
              ComponentHealth.down(
                  "webhook rejected notification " + id + " with HTTP " + status + "; see the log");
          log.error("webhook rejected notification {} with HTTP {}; not retrying it", id, status);
          return true;
        }
        problem = "HTTP " + status;
      } catch (IOException e) {
        problem = e.toString();
      } catch (InterruptedException e) {
        throw new InterruptException(e);
      }
      failedAttempts.increment();
      delivery = RETRYING;
      Duration backoff = retry.backoffAfter(attempt);
      log.warn(
          "webhook delivery of {} failed (attempt {}: {}); retrying in {}",
          id,
          attempt,
          problem,
          backoff);
      if (!waitWhileStayingInTheGroup(backoff)) {
        return false;
      }
    }
  }

  /** A client error the same request will meet again; 408 and 429 ask to come back later. */
  static boolean refusedForGood(int status) {
    return status / 100 == 4 && status != 408 && status != 429;
  }

  /**
   * Polls paused partitions instead of sleeping, so the group does not think this consumer died.
   * False when the wait is cut short: the notifier is closing or the partitions were reassigned.
   */
  private boolean waitWhileStayingInTheGroup(Duration backoff) {
    retryPending = true;
    consumer.pause(consumer.assignment());
    long deadline = System.nanoTime() + backoff.toNanos();
    try {
      while (!closeRequested() && !assignmentChanged && System.nanoTime() < deadline) {
        ConsumerRecords<String, AlertNotification> unexpected =
            consumer.poll(
                Duration.ofMillis(
                    Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))));
        // nothing may be skipped: whatever comes back is fetched again once this delivery is done
        for (TopicPartition partition : unexpected.partitions()) {
          consumer.seek(partition, unexpected.records(partition).get(0).offset());
        }
      }
      return !closeRequested() && !assignmentChanged;
    } finally {
      retryPending = false;
      consumer.resume(consumer.paused());
    }
  }

  /** Notices every reassignment, and keeps new partitions paused while a retry is pending. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      assignmentChanged |= !partitions.isEmpty();
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      assignmentChanged |= !partitions.isEmpty();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assignmentChanged |= !partitions.isEmpty();
      if (retryPending) {
        consumer.pause(partitions);
      }
    }
  }

  private void unsubscribe() {
    subscribed = false;
    try {
      consumer.unsubscribe();
    } catch (InterruptException e) {
      throw e;
    } catch (RuntimeException e) {
      log.debug("unsubscribing failed", e);
    }
  }

  private void awaitClose(Duration timeout) {
    try {
      closing.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    }
  }

  private void closeConsumer() {
    // an interrupted close would leave the group without a word
    boolean interrupted = Thread.interrupted();
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.warn("closing the notifier's consumer failed", e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean closeRequested() {
    return closing.getCount() == 0;
  }

  /**
   * Stops the notifier: a delivery in progress is finished and committed first, so whoever runs it
   * should wait for its thread.
   */
  @Override
  public void close() {
    closing.countDown();
  }
}
