package com.opsmon.api.alerts;

import com.opsmon.api.topics.TopicTail;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.NotificationLogEntry;
import com.opsmon.model.alerts.NotificationLogEntry.Outcome;
import com.opsmon.model.alerts.Silence;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's own picture of the alert manager, built by reading its topics from the beginning
 * (committed records only): the alert-state topic (compacted: every alert's state and history), the
 * silences topic, and the newest {@code capacity} entries of the notification log. It needs no
 * query into the alerting app, which may run in another process. From the log it also counts, per
 * receiver, notifications sent, failed attempts and notifications still queued, for {@code
 * /metrics}.
 */
public final class AlertsProjection implements AlertsSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertsProjection.class);
  private static final List<String> TOPICS =
      List.of(Topics.ALERT_STATE.name(), Topics.SILENCES.name(), Topics.NOTIFICATION_LOG.name());

  private final int capacity;
  private final MeterRegistry metrics;
  private final TopicTail tail;
  private final Map<String, AlertView> alerts = new ConcurrentHashMap<>();
  private final Map<String, Silence> silences = new ConcurrentHashMap<>();
  private final Deque<NotificationLogEntry> newestFirst = new ArrayDeque<>();
  private final Map<String, AtomicLong> queued = new ConcurrentHashMap<>();

  public AlertsProjection(String bootstrapServers, int capacity, MeterRegistry metrics) {
    this.capacity = capacity;
    this.metrics = metrics;
    this.tail =
        new TopicTail(
            bootstrapServers, TOPICS, "alerts-projection", TopicTail.From.BEGINNING, this::accept);
  }

  /** Starts reading on a daemon thread. */
  public AlertsProjection start() {
    tail.start();
    return this;
  }

  private void accept(ConsumerRecord<byte[], byte[]> record) {
    String key =
        record.key() == null
            ? null
            : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      if (record.topic().equals(Topics.ALERT_STATE.name())) {
        if (key == null) {
          return;
        }
        if (record.value() == null) {
          alerts.remove(key);
        } else {
          alerts.put(key, Json.read(record.value(), AlertView.class));
        }
      } else if (record.topic().equals(Topics.SILENCES.name())) {
        if (key == null) {
          return;
        }
        if (record.value() == null) {
          silences.remove(key);
        } else {
          published(Json.read(record.value(), Silence.class));
        }
      } else if (record.value() != null) {
        logged(Json.read(record.value(), NotificationLogEntry.class));
      }
    } catch (RuntimeException e) {
      log.warn(
          "{} {}:{} is not readable, skipping it: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  private void logged(NotificationLogEntry entry) {
    synchronized (newestFirst) {
      newestFirst.addFirst(entry);
      if (newestFirst.size() > capacity) {
        newestFirst.removeLast();
      }
    }
    String receiver = entry.receiver() == null ? "unknown" : entry.receiver();
    AtomicLong waiting =
        queued.computeIfAbsent(
            receiver,
            r -> {
              AtomicLong count = new AtomicLong();
              Gauge.builder("opsmon.notifications.queued", count, AtomicLong::get)
                  .description("Notifications waiting for their receiver")
                  .tag("receiver", r)
                  .register(metrics);
              return count;
            });
    if (entry.outcome() == Outcome.QUEUED) {
      waiting.incrementAndGet();
    } else if (entry.outcome().finished()) {
      waiting.updateAndGet(n -> Math.max(0, n - 1));
    }
    if (entry.outcome() == Outcome.DELIVERED) {
      counter("opsmon.notifications.sent", "Notifications delivered", receiver).increment();
    } else if (entry.outcome() == Outcome.FAILED
        || entry.outcome() == Outcome.REJECTED
        || entry.outcome() == Outcome.ABANDONED) {
      counter("opsmon.notifications.failed", "Delivery attempts that failed", receiver).increment();
    }
  }

  private Counter counter(String name, String description, String receiver) {
    return Counter.builder(name)
        .description(description)
        .tag("receiver", receiver)
        .register(metrics);
  }

  @Override
  public Collection<AlertView> alerts() {
    return List.copyOf(alerts.values());
  }

  @Override
  public Optional<AlertView> alert(String fingerprint) {
    return Optional.ofNullable(alerts.get(fingerprint));
  }

  @Override
  public Collection<Silence> silences() {
    return List.copyOf(silences.values());
  }

  @Override
  public Optional<Silence> silence(String id) {
    return Optional.ofNullable(silences.get(id));
  }

  @Override
  public List<NotificationLogEntry> notifications(int limit, Optional<String> receiver) {
    List<NotificationLogEntry> out = new ArrayList<>();
    synchronized (newestFirst) {
      for (NotificationLogEntry e : newestFirst) {
        if (out.size() >= limit) {
          break;
        }
        if (receiver.isEmpty() || receiver.get().equals(e.receiver())) {
          out.add(e);
        }
      }
    }
    return out;
  }

  @Override
  public void published(Silence silence) {
    // versions may arrive twice (published here, then read back): the newest wins
    silences.merge(
        silence.id(),
        silence,
        (old, fresh) -> fresh.updatedAt().isBefore(old.updatedAt()) ? old : fresh);
  }

  @Override
  public void close() {
    tail.close();
  }
}
