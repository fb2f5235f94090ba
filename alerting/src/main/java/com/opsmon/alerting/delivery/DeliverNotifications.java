package com.opsmon.alerting.delivery;

import com.opsmon.alerting.config.RoutingFile;
import com.opsmon.alerting.grouping.GroupOutput;
import com.opsmon.alerting.lifecycle.AlertingStores;
import com.opsmon.model.alerts.Notification;
import com.opsmon.model.alerts.NotificationLogEntry;
import com.opsmon.model.alerts.NotificationLogEntry.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every notification until its receiver has it: stored in a changelogged store when queued,
 * handed to the receiver's {@link DeliveryQueue}, and removed (in the same exactly-once transaction
 * as its log entry) once delivered, refused for good or abandoned. Within a group, notifications go
 * out in order, one at a time; groups do not wait for each other. After a restart every stored
 * notification is handed to its queue again, so none is lost; one that had been delivered was
 * removed with its log entry, so none is sent again.
 *
 * <p>Attempts end on the queue's threads; their reports are picked up on the stream thread every
 * {@code pump} (wall clock), where the store and the log are written.
 */
public final class DeliverNotifications
    extends ContextualProcessor<String, GroupOutput, String, NotificationLogEntry> {
  private static final Logger log = LoggerFactory.getLogger(DeliverNotifications.class);
  private static final String SEPARATOR = "\u0000";

  private record Report(
      String storeKey, Notification notification, DeliveryQueue.Attempt attempt) {}

  private final DeliveryQueues queues;
  private final Duration pump;
  private final Queue<Report> reports = new ConcurrentLinkedQueue<>();
  private final Set<String> busyGroups = new HashSet<>();
  private final Map<String, DeliveryQueue.Handle> inFlight = new HashMap<>();
  private KeyValueStore<String, PendingDelivery> deliveries;

  public DeliverNotifications(DeliveryQueues queues, Duration pump) {
    this.queues = queues;
    this.pump = pump;
  }

  @Override
  public void init(ProcessorContext<String, NotificationLogEntry> context) {
    super.init(context);
    deliveries = context.getStateStore(AlertingStores.DELIVERIES);
    context.schedule(pump, PunctuationType.WALL_CLOCK_TIME, t -> pump(Instant.ofEpochMilli(t)));
  }

  @Override
  public void process(Record<String, GroupOutput> record) {
    GroupOutput output = record.value();
    if (output == null) {
      return;
    }
    if (output.logEntry() != null) {
      context().forward(record.withKey(output.logEntry().receiver()).withValue(output.logEntry()));
      return;
    }
    Notification notification = output.notification();
    Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
    deliveries.put(storeKey(notification), new PendingDelivery(notification, now));
    emit(notification, Outcome.QUEUED, 0, "queued for " + notification.receiver(), now);
    pump(now);
  }

  /** Writes what the queues reported, then hands each idle group's next notification on. */
  private void pump(Instant now) {
    for (Report report; (report = reports.poll()) != null; ) {
      DeliveryQueue.Attempt attempt = report.attempt();
      emit(
          report.notification(),
          attempt.outcome(),
          attempt.attempt(),
          attempt.detail(),
          attempt.at());
      if (attempt.outcome().finished()) {
        deliveries.delete(report.storeKey());
        inFlight.remove(report.storeKey());
        busyGroups.remove(report.notification().groupKey());
      }
    }
    List<Map.Entry<String, PendingDelivery>> next = new java.util.ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (KeyValueIterator<String, PendingDelivery> all = deliveries.all()) {
      while (all.hasNext()) {
        var entry = all.next();
        String group = entry.value.notification().groupKey();
        // keys sort by group, then queueing time: the first of each group is its next one
        if (seen.add(group) && !busyGroups.contains(group)) {
          next.add(Map.entry(entry.key, entry.value));
        }
      }
    }
    for (Map.Entry<String, PendingDelivery> entry : next) {
      submit(entry.getKey(), entry.getValue(), now);
    }
  }

  private void submit(String storeKey, PendingDelivery pending, Instant now) {
    Notification notification = pending.notification();
    Optional<DeliveryQueue> queue = queues.get(notification.receiver());
    if (queue.isEmpty() && notification.receiver().equals(RoutingFile.NO_RECEIVER)) {
      log.debug("no receiver configured; {} recorded, not sent", notification.idempotencyKey());
      emit(
          notification,
          Outcome.RECORDED,
          0,
          "no receiver configured (--webhook-url or --routing): shown in the API only",
          now);
      deliveries.delete(storeKey);
      return;
    }
    if (queue.isEmpty()) {
      log.error(
          "no receiver named {}; dropping {}",
          notification.receiver(),
          notification.idempotencyKey());
      emit(
          notification,
          Outcome.REJECTED,
          0,
          "no receiver named " + notification.receiver() + " in the routing file",
          now);
      deliveries.delete(storeKey);
      return;
    }
    busyGroups.add(notification.groupKey());
    inFlight.put(
        storeKey,
        queue
            .get()
            .submit(
                notification,
                pending.queuedAt(),
                a -> reports.add(new Report(storeKey, notification, a))));
  }

  private void emit(Notification n, Outcome outcome, int attempt, String detail, Instant at) {
    NotificationLogEntry entry =
        new NotificationLogEntry(
            at,
            n.receiver(),
            n.idempotencyKey(),
            n.groupKey(),
            outcome,
            attempt,
            n.status(),
            n.alerts().stream().map(Notification.Alert::fingerprint).toList(),
            n.kind() == Notification.Kind.ACKNOWLEDGE ? "acknowledgement: " + detail : detail);
    context().forward(new Record<>(n.receiver(), entry, context().currentSystemTimeMs()));
  }

  /** Group, then queueing order (time and key), so a group's notifications sort in order. */
  static String storeKey(Notification n) {
    return n.groupKey()
        + SEPARATOR
        + String.format("%015d", n.createdAt().toEpochMilli())
        + SEPARATOR
        + n.idempotencyKey();
  }

  @Override
  public void close() {
    // the task moves or stops: its next owner hands the stored notifications on again
    inFlight.values().forEach(DeliveryQueue.Handle::cancel);
    inFlight.clear();
  }
}
