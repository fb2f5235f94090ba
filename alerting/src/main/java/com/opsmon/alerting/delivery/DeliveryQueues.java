package com.opsmon.alerting.delivery;

import com.opsmon.alerting.config.AlertingConfig;
import com.opsmon.alerting.receivers.Receiver;
import com.opsmon.alerting.receivers.Receivers;
import com.opsmon.model.health.ComponentHealth;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/** The delivery queue of every receiver of the routing file, by receiver name. */
public final class DeliveryQueues implements AutoCloseable {
  private final Map<String, DeliveryQueue> queues;
  private final ScheduledExecutorService scheduler;

  private DeliveryQueues(Map<String, DeliveryQueue> queues, ScheduledExecutorService scheduler) {
    this.queues = queues;
    this.scheduler = scheduler;
  }

  /** A queue for each receiver of the configuration. */
  public static DeliveryQueues start(AlertingConfig config, Clock clock) {
    Map<String, Receiver> receivers = new LinkedHashMap<>();
    config
        .receivers()
        .forEach((name, rc) -> receivers.put(name, Receivers.create(rc, config.externalUrl())));
    return of(receivers, config.delivery(), clock);
  }

  /** A queue for each of these receivers (tests hand in their own). */
  public static DeliveryQueues of(
      Map<String, Receiver> receivers, AlertingConfig.Delivery delivery, Clock clock) {
    return of(receivers, delivery, clock, false);
  }

  /**
   * Queues whose first attempts run on the thread that queues them, so a test driving the topology
   * sees them happen in order; retries still wait on a scheduler.
   */
  public static DeliveryQueues inline(
      Map<String, Receiver> receivers, AlertingConfig.Delivery delivery, Clock clock) {
    return of(receivers, delivery, clock, true);
  }

  private static DeliveryQueues of(
      Map<String, Receiver> receivers,
      AlertingConfig.Delivery delivery,
      Clock clock,
      boolean inline) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "delivery-retries");
              thread.setDaemon(true);
              return thread;
            });
    Map<String, DeliveryQueue> queues = new LinkedHashMap<>();
    receivers.forEach(
        (name, receiver) ->
            queues.put(
                name,
                inline
                    ? new DeliveryQueue(
                        receiver,
                        delivery.backoff(),
                        delivery.giveUpAfter(),
                        (Runnable r) -> r.run(),
                        scheduler,
                        clock)
                    : new DeliveryQueue(
                        receiver,
                        delivery.backoff(),
                        delivery.giveUpAfter(),
                        delivery.concurrency(),
                        scheduler,
                        clock)));
    return new DeliveryQueues(queues, scheduler);
  }

  public Optional<DeliveryQueue> get(String receiver) {
    return Optional.ofNullable(queues.get(receiver));
  }

  public List<DeliveryQueue> all() {
    return List.copyOf(queues.values());
  }

  /**
   * Up while every receiver's newest attempt succeeded; otherwise down, naming the failing ones.
   */
  public ComponentHealth health() {
    if (queues.isEmpty()) {
      return ComponentHealth.up("no receivers configured");
    }
    String failing =
        queues.values().stream()
            .filter(q -> q.health().status() != ComponentHealth.Status.UP)
            .map(q -> q.health().detail())
            .collect(Collectors.joining("; "));
    return failing.isEmpty()
        ? ComponentHealth.up(queues.size() + " receiver(s) delivering")
        : ComponentHealth.down(failing);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    queues.values().forEach(DeliveryQueue::close);
  }
}
