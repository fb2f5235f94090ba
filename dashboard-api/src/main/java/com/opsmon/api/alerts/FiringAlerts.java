package com.opsmon.api.alerts;

import com.opsmon.model.alerts.AlertNotification;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topics;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts firing now, as the alert lifecycle announced them: a consumer reads the alert
 * notifications topic from its start and keeps each fingerprint's newest state, forgetting it when
 * it resolves. An alert that began firing before the topic's retention is not known (its FIRING
 * notice is gone); at most {@code capacity} alerts are kept, the rest counted as {@code dropped}.
 */
public final class FiringAlerts implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FiringAlerts.class);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final int capacity;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, AlertNotification> firing = new LinkedHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private Map<TopicPartition, Long> endsAtStart = Map.of();
  private volatile boolean caughtUp;
  private long dropped;
  private Thread thread;

  public FiringAlerts(String bootstrapServers, int capacity) {
    this.capacity = capacity;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
  }

  /** Starts reading on a daemon thread. */
  public FiringAlerts start() {
    thread = new Thread(this, "firing-alerts");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  @Override
  public void run() {
    try {
      while (running.get()) {
        try {
          if (consumer.assignment().isEmpty() && !assign()) {
            pause();
            continue;
          }
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            keep(record);
          }
          if (!caughtUp) {
            caughtUp =
                endsAtStart.entrySet().stream()
                    .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
          }
        } catch (WakeupException e) {
          return;
        } catch (RuntimeException e) {
          log.warn(
              "reading the alert notifications failed, retrying in {}: {}", RETRY, e.toString());
          pause();
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private boolean assign() {
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.ALERT_NOTIFICATIONS.name(), Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      return false;
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    endsAtStart = consumer.endOffsets(partitions);
    return true;
  }

  private void keep(ConsumerRecord<byte[], byte[]> record) {
    AlertNotification notification;
    try {
      notification = Json.read(record.value(), AlertNotification.class);
    } catch (RuntimeException e) {
      log.warn(
          "alert notification {}:{} is not readable, skipping it: {}",
          record.partition(),
          record.offset(),
          e.getMessage());
      return;
    }
    if (notification.fingerprint() == null || notification.alert() == null) {
      return;
    }
    synchronized (firing) {
      if (notification.alert().status() == AlertStatus.RESOLVED) {
        firing.remove(notification.fingerprint());
      } else if (firing.containsKey(notification.fingerprint()) || firing.size() < capacity) {
        firing.put(notification.fingerprint(), notification);
      } else {
        dropped++;
      }
    }
  }

  /** Whether everything on the topic when reading began has been read. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** The firing alerts, oldest first. */
  public List<AlertNotification> firing() {
    synchronized (firing) {
      return firing.values().stream()
          .sorted(
              Comparator.comparing(
                      (AlertNotification n) -> n.alert().startsAt(),
                      Comparator.nullsLast(Comparator.naturalOrder()))
                  .thenComparing(AlertNotification::fingerprint))
          .toList();
    }
  }

  /** Firing alerts beyond the capacity, not kept. */
  public long dropped() {
    synchronized (firing) {
      return dropped;
    }
  }

  private void pause() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
