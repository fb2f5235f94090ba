package com.opsmon.launcher.stack;

import com.opsmon.ingest.publish.EventPublisher;
import com.opsmon.ingest.simulator.RetailSimulator;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.model.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the simulated retailer into the raw topic as the wall clock advances, the way a real
 * producer writing straight to Kafka would, so a newcomer sees live KPIs at once. A batch Kafka did
 * not acknowledge is sent again on the next tick, before anything newer. A batch holds at most
 * {@link #MAX_STEP} of simulated time: when Kafka takes the events more slowly than they are
 * simulated, the feed falls behind the clock (and says so) instead of gathering the backlog in
 * memory.
 */
final class LiveSimulation implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveSimulation.class);
  private static final Duration TICK = Duration.ofMillis(200);

  /** The most simulated time one batch covers, so a batch holds at most a second of the rate. */
  static final Duration MAX_STEP = Duration.ofSeconds(1);

  /** How far behind the clock the feed may fall before it is reported, at most once a minute. */
  static final Duration REPORTED_LAG = Duration.ofSeconds(10);

  /**
   * The simulated world starts this long before now and is fast-forwarded without emitting, so
   * sessions are already on their way to checkout when the feed starts: orders flow from the first
   * minute. Nothing from before now is emitted, so a restart never sends a period twice.
   */
  static final Duration WARM_UP = Duration.ofMinutes(20);

  private final RetailSimulator simulator;
  private final EventPublisher publisher;
  private final Clock clock;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "live-simulation"));
  private final List<EventPublisher.RawEvent> pending = new ArrayList<>();
  private final double eventsPerSecond;
  private Instant simulatedUpTo;
  private Instant lagReportedAt = Instant.EPOCH;

  private LiveSimulation(
      RetailSimulator simulator,
      EventPublisher publisher,
      Clock clock,
      Instant simulatedUpTo,
      double eventsPerSecond) {
    this.simulator = simulator;
    this.publisher = publisher;
    this.clock = clock;
    this.simulatedUpTo = simulatedUpTo;
    this.eventsPerSecond = eventsPerSecond;
  }

  static LiveSimulation start(
      String bootstrapServers, long seed, double eventsPerSecond, Clock clock) {
    Instant now = clock.instant();
    RetailSimulator simulator =
        new RetailSimulator(
            new SimulationSettings(seed, now.minus(WARM_UP), eventsPerSecond, List.of()));
    simulator.advanceTo(now, event -> {});
    // at high rates the warm-up itself takes a while: what was simulated meanwhile is skipped too,
    // a few times at most, so a rate faster than the simulator can run still starts (behind)
    for (int round = 0; round < 5; round++) {
      Instant later = clock.instant();
      if (Duration.between(now, later).compareTo(TICK) <= 0) {
        break;
      }
      simulator.advanceTo(later, event -> {});
      now = later;
    }
    LiveSimulation live =
        new LiveSimulation(
            simulator,
            new EventPublisher(bootstrapServers, Duration.ofSeconds(10)),
            clock,
            now,
            eventsPerSecond);
    live.ticker.scheduleWithFixedDelay(live::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    log.info("simulating a retailer at about {} events/s (seed {})", eventsPerSecond, seed);
    return live;
  }

  /** Where the next batch ends: the clock, or {@link #MAX_STEP} on when the feed is behind. */
  static Instant nextStep(Instant simulatedUpTo, Instant now) {
    Instant furthest = simulatedUpTo.plus(MAX_STEP);
    return now.isBefore(furthest) ? now : furthest;
  }

  private void tick() {
    Instant now = clock.instant();
    if (pending.isEmpty()) {
      Instant step = nextStep(simulatedUpTo, now);
      simulator.advanceTo(
          step,
          event ->
              pending.add(new EventPublisher.RawEvent(event.key(), Json.writeBytes(event.json()))));
      simulatedUpTo = step;
    }
    Duration lag = Duration.between(simulatedUpTo, now);
    if (lag.compareTo(REPORTED_LAG) > 0
        && Duration.between(lagReportedAt, now).compareTo(Duration.ofMinutes(1)) >= 0) {
      lagReportedAt = now;
      log.warn(
          "the simulated feed is {} s behind the clock: Kafka takes its events more slowly than"
              + " the {} events/s simulated",
          lag.toSeconds(),
          eventsPerSecond);
    }
    try {
      publisher.publish(pending, List.of());
      pending.clear();
    } catch (EventPublisher.PublishException e) {
      log.warn("simulated events not stored yet ({}); sending them again", e.getMessage());
    } catch (RuntimeException e) {
      // a scheduled task that throws is never run again: the feed must outlive any one failure
      log.warn("simulation tick failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    ticker.shutdown();
    try {
      ticker.awaitTermination(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publisher.close();
  }
}
