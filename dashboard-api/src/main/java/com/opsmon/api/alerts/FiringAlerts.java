package com.opsmon.api.alerts;

import com.opsmon.api.topics.TopicTail;
import com.opsmon.model.alerts.AlertNotification;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topics;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The alerts firing now, as the alert lifecycle announced them: the alert notifications topic read
 * from its start, each fingerprint's newest state kept and forgotten when it resolves. An alert
 * that began firing before the topic's retention is not known (its FIRING notice is gone); at most
 * {@code capacity} alerts are kept, the rest counted as {@link #dropped()}. Every state change read
 * is also handed to the listener (the live stream).
 */
public final class FiringAlerts implements AutoCloseable {
  private final int capacity;
  private final Map<String, AlertNotification> firing = new LinkedHashMap<>();
  private final TopicTail tail;
  private volatile Consumer<AlertNotification> listener = n -> {};
  private long dropped;

  public FiringAlerts(String bootstrapServers, int capacity) {
    this.capacity = capacity;
    this.tail =
        new TopicTail(
            bootstrapServers,
            Topics.ALERT_NOTIFICATIONS.name(),
            TopicTail.From.BEGINNING,
            this::keep);
  }

  /** Starts reading on a daemon thread. */
  public FiringAlerts start() {
    tail.start();
    return this;
  }

  /** Who hears of each state change read from now on. */
  public void listen(Consumer<AlertNotification> listener) {
    this.listener = listener;
  }

  private void keep(ConsumerRecord<byte[], byte[]> record) {
    AlertNotification notification = Json.read(record.value(), AlertNotification.class);
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
    listener.accept(notification);
  }

  /** Whether everything on the topic when reading began has been read. */
  public boolean caughtUp() {
    return tail.caughtUp();
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

  @Override
  public void close() {
    tail.close();
  }
}
