package com.opsmon.launcher.stack;

import com.opsmon.ingest.simulator.RetailSimulator;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the simulated retailer into the raw topic as the wall clock advances, the way a real
 * producer writing straight to Kafka would, so a newcomer sees live KPIs at once.
 */
final class LiveSimulation implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveSimulation.class);
  private static final Duration TICK = Duration.ofMillis(200);

  /**
   * The simulated world starts this long before now and is fast-forwarded without emitting, so
   * sessions are already on their way to checkout when the feed starts: orders flow from the first
   * minute. Nothing from before now is emitted, so a restart never sends a period twice.
   */
  static final Duration WARM_UP = Duration.ofMinutes(20);

  private final RetailSimulator simulator;
  private final KafkaProducer<String, byte[]> producer;
  private final Clock clock;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "live-simulation"));
  private final AtomicLong sent = new AtomicLong();

  private LiveSimulation(
      RetailSimulator simulator, KafkaProducer<String, byte[]> producer, Clock clock) {
    this.simulator = simulator;
    this.producer = producer;
    this.clock = clock;
  }

  static LiveSimulation start(
      String bootstrapServers, long seed, double eventsPerSecond, Clock clock) {
    Instant now = clock.instant();
    RetailSimulator simulator =
        new RetailSimulator(
            new SimulationSettings(seed, now.minus(WARM_UP), eventsPerSecond, List.of()));
    simulator.advanceTo(now, event -> {});
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                20),
            Topics.RAW_EVENTS.keySerde().serializer(),
            Topics.RAW_EVENTS.valueSerde().serializer());
    LiveSimulation live = new LiveSimulation(simulator, producer, clock);
    live.ticker.scheduleWithFixedDelay(live::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    log.info("simulating a retailer at about {} events/s (seed {})", eventsPerSecond, seed);
    return live;
  }

  private void tick() {
    try {
      simulator.advanceTo(
          clock.instant(),
          event -> {
            producer.send(
                new ProducerRecord<>(
                    Topics.RAW_EVENTS.name(), event.key(), Json.writeBytes(event.json())));
            sent.incrementAndGet();
          });
    } catch (RuntimeException e) {
      // a failing tick must not stop the feed: the next tick carries on from where this one stopped
      log.warn("simulation tick failed: {}", e.toString());
    }
  }

  long sent() {
    return sent.get();
  }

  @Override
  public void close() {
    ticker.shutdown();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
