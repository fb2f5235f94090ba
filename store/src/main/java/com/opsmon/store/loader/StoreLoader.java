package com.opsmon.store.loader;

import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.secrets.Redaction;
import com.opsmon.model.streams.GroupMembership;
import com.opsmon.model.topics.Topics;
import com.opsmon.store.KpiSchema;
import com.opsmon.store.KpiStores;
import com.opsmon.store.KpiWriter;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads KPI points from the {@code opsmon.kpis} topic into the store, outside the stream jobs: a
 * store that is down, slow or refusing only makes points wait on the topic, never holds up the
 * checkpoints that commit alert signals.
 *
 * <p>Offsets are committed only after the store accepted the points (at-least-once; a point written
 * twice replaces itself). While the store cannot be written, the same batch is retried with
 * back-off on a thread of its own and reading pauses; when the store returns, everything that
 * waited is written. Points the store refuses for good (400, 413, 422) are counted and skipped. A
 * store that refuses the monitor itself (401, 403, 404) is reported once and not retried: the
 * points keep waiting on the topic until the settings are fixed and the loader restarted. {@link
 * #health()} and the {@code opsmon.store.*} meters show all of it.
 */
public final class StoreLoader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreLoader.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration LAG_REFRESH = Duration.ofSeconds(1);

  private final StoreLoaderConfig config;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KpiWriter writer;
  private final ScheduledExecutorService writerThread;
  private final Retry retry;
  private final Clock clock;
  private final Thread loop;
  private final Counter written;
  private final Counter refused;
  private final Counter failedAttempts;

  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final AtomicLong waiting = new AtomicLong();
  private PendingPoints pending = new PendingPoints();
  private CompletableFuture<Void> inFlight;
  private PendingPoints inFlightPoints;

  /** Points of the write in flight that the store refused for good, and why (writer thread). */
  private volatile List<KpiPoint> inFlightRefused = List.of();

  private volatile RuntimeException inFlightRefusal;
  private int generation;
  private int inFlightGeneration;
  private long lagRefreshedAtMs;

  private volatile State state = State.starting();
  private volatile boolean closed;

  /** Set when the store refuses the monitor itself: nothing more is written until a restart. */
  private boolean halted;

  /** What the loader is doing, as {@link #health()} reports it. */
  private record State(ComponentHealth.Status status, String detail, Instant since) {
    static State starting() {
      return new State(ComponentHealth.Status.STARTING, "starting", null);
    }
  }

  private StoreLoader(StoreLoaderConfig config, MeterRegistry metrics, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.consumer =
        new KafkaConsumer<>(
            consumerSettings(config), new StringDeserializer(), new ByteArrayDeserializer());
    this.writer = KpiStores.writer(config.store());
    this.writerThread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kpi-store-writer");
              t.setDaemon(true);
              return t;
            });
    this.retry =
        config.backoff().forever("kpi-store", e -> WriteFailure.of(e) == WriteFailure.TRANSIENT);
    retry
        .getEventPublisher()
        .onRetry(e -> storeUnavailable(e.getLastThrowable(), e.getWaitInterval()));
    this.written =
        Counter.builder("opsmon.store.points.written")
            .description("KPI points the store accepted")
            .register(metrics);
    this.refused =
        Counter.builder("opsmon.store.points.refused")
            .description("KPI points the store refused for good, or that cannot be stored")
            .register(metrics);
    this.failedAttempts =
        Counter.builder("opsmon.store.write.failures")
            .description("Store writes that failed and were retried")
            .register(metrics);
    Gauge.builder("opsmon.store.points.waiting", waiting, AtomicLong::get)
        .description("KPI points read or still on the kpis topic, not yet in the store")
        .register(metrics);
    Gauge.builder(
            "opsmon.store.up", this, l -> l.state.status() == ComponentHealth.Status.UP ? 1 : 0)
        .description("1 while the store accepts writes")
        .register(metrics);
    this.loop = new Thread(this::run, "kpi-store-loader");
  }

  public static StoreLoader start(StoreLoaderConfig config, MeterRegistry metrics) {
    return start(config, metrics, Clock.systemUTC());
  }

  public static StoreLoader start(StoreLoaderConfig config, MeterRegistry metrics, Clock clock) {
    StoreLoader loader = new StoreLoader(config, metrics, clock);
    loader.loop.start();
    return loader;
  }

  /** KPI points read or still on the topic that the store does not hold yet. */
  public long pointsWaiting() {
    return waiting.get();
  }

  public ComponentHealth health() {
    State s = state;
    String detail = s.detail() + "; " + waiting.get() + " points waiting";
    if (s.since() != null) {
      detail += " (since " + s.since() + ")";
    }
    return new ComponentHealth(s.status(), detail);
  }

  private void run() {
    try {
      consumer.subscribe(List.of(Topics.KPIS.name()), new Rebalance());
      while (!closed) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          pending.add(
              new TopicPartition(record.topic(), record.partition()),
              record.offset(),
              storable(record),
              clock.millis());
        }
        if (inFlight != null && inFlight.isDone()) {
          finishWrite();
        }
        if (inFlight == null
            && !halted
            && pending.due(config.batchSize(), config.flushInterval().toMillis(), clock.millis())) {
          startWrite();
        }
        pauseWhileBehind();
        refreshWaiting();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("the KPI store loader stopped: points wait on {}", Topics.KPIS.name(), e);
      state = new State(ComponentHealth.Status.DOWN, "stopped: " + e, clock.instant());
    } finally {
      writerThread.shutdownNow();
      consumer.close(Duration.ofSeconds(5));
      writer.close();
    }
  }

  /** The record's point if it can be stored; otherwise counted and logged, and null. */
  private KpiPoint storable(ConsumerRecord<String, byte[]> record) {
    try {
      KpiPoint point = Json.read(record.value(), KpiPoint.class);
      KpiSchema.check(point);
      return point;
    } catch (RuntimeException e) {
      refused.increment();
      log.error(
          "record {}-{}@{} cannot be stored as a KPI point: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return null;
    }
  }

  private void startWrite() {
    inFlightRefused = List.of();
    inFlightPoints = pending;
    inFlightGeneration = generation;
    pending = new PendingPoints();
    Collection<KpiPoint> points = inFlightPoints.pointList();
    inFlight =
        retry.executeCompletionStage(writerThread, () -> write(points)).toCompletableFuture();
  }

  private CompletionStage<Void> write(Collection<KpiPoint> points) {
    return CompletableFuture.runAsync(
        () ->
            // one point the store cannot take must not cost the batch around it
            inFlightRefused =
                RefusalIsolation.write(
                    List.copyOf(points),
                    writer::write,
                    e -> {
                      boolean refusedForGood = WriteFailure.of(e) == WriteFailure.REFUSED_POINTS;
                      if (refusedForGood) {
                        inFlightRefusal = e;
                      }
                      return refusedForGood;
                    }),
        writerThread);
  }

  private void finishWrite() {
    PendingPoints done = inFlightPoints;
    Throwable failure = inFlight.handle((ok, e) -> e).join();
    inFlight = null;
    inFlightPoints = null;
    if (failure != null) {
      switch (WriteFailure.of(failure)) {
        case MISCONFIGURED -> {
          misconfigured(failure);
          return;
        }
        case TRANSIENT -> {
          // only while closing: the retry never gives up on these by itself
          return;
        }
      }
    } else {
      List<KpiPoint> skipped = inFlightRefused;
      written.increment(done.points() - skipped.size());
      if (!skipped.isEmpty()) {
        refused.increment(skipped.size());
        log.error(
            "the KPI store refused {} of {} points for good, skipping them and storing the rest"
                + " (first: {} {}): {}",
            skipped.size(),
            done.points(),
            skipped.get(0).kpi(),
            skipped.get(0).series(),
            WriteFailure.advice(inFlightRefusal));
      }
      storeAvailable();
    }
    if (inFlightGeneration == generation) {
      commit(done.offsets());
    }
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    Set<TopicPartition> owned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> ours = new HashMap<>();
    offsets.forEach(
        (tp, offset) -> {
          if (owned.contains(tp)) {
            ours.put(tp, offset);
          }
        });
    consumer.commitSync(ours);
    ours.forEach((tp, offset) -> committed.put(tp, offset.offset()));
  }

  /** Stops reading while one batch is being written and the next one is already full. */
  private void pauseWhileBehind() {
    boolean behind = halted || (inFlight != null && pending.points() >= config.batchSize());
    if (behind) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  private void refreshWaiting() {
    long now = clock.millis();
    if (now - lagRefreshedAtMs < LAG_REFRESH.toMillis() || committed.isEmpty()) {
      return;
    }
    lagRefreshedAtMs = now;
    try {
      Map<TopicPartition, Long> ends =
          consumer.endOffsets(committed.keySet(), Duration.ofSeconds(1));
      long total = 0;
      for (var end : ends.entrySet()) {
        total += Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L));
      }
      waiting.set(total);
    } catch (RuntimeException e) {
      // the broker may be away too: keep the last figure
    }
  }

  private void storeUnavailable(Throwable failure, Duration nextAttemptIn) {
    failedAttempts.increment();
    State before = state;
    if (before.status() != ComponentHealth.Status.DOWN) {
      log.warn(
          "the KPI store cannot be written ({}); points wait on {} and are retried with back-off",
          Redaction.urls(String.valueOf(failure)),
          Topics.KPIS.name());
    }
    state =
        new State(
            ComponentHealth.Status.DOWN,
            "store unreachable or failing ("
                + failure
                + "), retrying in "
                + nextAttemptIn.toMillis()
                + " ms",
            before.status() == ComponentHealth.Status.DOWN ? before.since() : clock.instant());
  }

  private void storeAvailable() {
    State before = state;
    if (before.status() == ComponentHealth.Status.DOWN) {
      log.info("the KPI store accepts writes again (it failed since {})", before.since());
    }
    state = new State(ComponentHealth.Status.UP, config.store().kind().name().toLowerCase(), null);
  }

  /** Reported once; nothing more is tried until a person fixes the settings and restarts. */
  private void misconfigured(Throwable failure) {
    String advice = WriteFailure.advice(failure);
    log.error(
        "the KPI store refuses the monitor's writes: {}. Nothing more is written; KPI points wait"
            + " on {} (kept {}) and are written once the settings are fixed and the monitor"
            + " restarted.",
        Redaction.urls(advice),
        Topics.KPIS.name(),
        Topics.RETENTION);
    state =
        new State(
            ComponentHealth.Status.DOWN,
            "store refuses the monitor's writes: " + advice + "; fix and restart",
            clock.instant());
    // reading pauses, but polling goes on, so the figures of what waits stay current
    halted = true;
  }

  /** Read but unstored points of revoked partitions are read again by their next owner. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      generation++;
      pending = new PendingPoints();
      partitions.forEach(committed::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<TopicPartition, OffsetAndMetadata> offsets = consumer.committed(Set.copyOf(partitions));
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata offset = offsets.get(tp);
        committed.put(tp, offset != null ? offset.offset() : consumer.position(tp));
      }
      if (state.status() == ComponentHealth.Status.STARTING) {
        state =
            new State(ComponentHealth.Status.UP, config.store().kind().name().toLowerCase(), null);
      }
    }
  }

  /** Stops reading; a write in progress is abandoned uncommitted (its points are read again). */
  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      loop.join(TimeUnit.SECONDS.toMillis(15));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A transactional reader of the {@code kpis} topic, in its group, committing by hand. */
  static Map<String, Object> consumerSettings(StoreLoaderConfig config) {
    Map<String, Object> settings = new HashMap<>(GroupMembership.consumerSettings());
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batchSize());
    return settings;
  }
}
