package com.opsmon.store.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.embedded.FreePorts;
import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.retry.Backoff;
import com.opsmon.model.topics.Topics;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.StoreSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store loader between a real broker and a real QuestDB that the test stops and restarts. */
class StoreLoaderIT {
  private static final Instant T0 =
      Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

  @TempDir Path dir;
  private EmbeddedKafka kafka;
  private EmbeddedQuestDb questDb;
  private final int httpPort = FreePorts.next();
  private final int pgPort = FreePorts.next();
  private final String group = "loader-" + System.nanoTime();
  private SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private StoreLoader loader;

  @BeforeEach
  void start() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createMonitorTopics(2);
  }

  @AfterEach
  void stop() {
    if (loader != null) {
      loader.close();
    }
    if (questDb != null) {
      questDb.close();
    }
    kafka.close();
  }

  private StoreSettings startStore(Map<String, String> settings) {
    // the ports of the store just stopped may take a moment to be free again
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              questDb = EmbeddedQuestDb.start(dir.resolve("questdb"), httpPort, pgPort, settings);
              return true;
            });
    StoreSettings store = StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl());
    KpiStores.prepare(store);
    return store;
  }

  private StoreLoader startLoader(StoreSettings store) {
    return StoreLoader.start(
        new StoreLoaderConfig(
            kafka.bootstrapServers(), group, store, 100, Duration.ofMillis(100), QUICK),
        metrics);
  }

  private static KpiPoint orders(int minute, String region, double value) {
    return new KpiPoint(
        "orders", T0.plus(MINUTE.multipliedBy(minute)), MINUTE, Map.of("region", region), value);
  }

  private void publish(List<KpiPoint> points) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            Topics.KPIS.keySerde().serializer(),
            Topics.KPIS.valueSerde().serializer())) {
      for (KpiPoint p : points) {
        producer
            .send(new ProducerRecord<>(Topics.KPIS.name(), p.kpi() + "|" + p.series(), p))
            .get();
      }
    }
  }

  private static List<KpiPoint> hourOfPoints(String region) {
    List<KpiPoint> points = new ArrayList<>();
    for (int m = 0; m < 60; m++) {
      points.add(orders(m, region, m % 7));
    }
    return points;
  }

  private static List<KpiPoint> stored(StoreSettings store, String region) {
    try (KpiReader reader = KpiStores.reader(store)) {
      return reader.read(
          new KpiQuery("orders", T0, T0.plus(Duration.ofHours(1)), Map.of("region", region)));
    }
  }

  private double meter(String name) {
    var gauge = metrics.find(name).gauge();
    return gauge != null ? gauge.value() : metrics.get(name).counter().count();
  }

  @Test
  void shouldStoreEveryPointWithTheLatestValueForEachWindow() throws Exception {
    StoreSettings store = startStore(Map.of());
    loader = startLoader(store);
    List<KpiPoint> points = hourOfPoints("eu");
    // a late correction of minute 3 arrives after the first value
    points.add(orders(3, "eu", 42));
    publish(points);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<KpiPoint> stored = stored(store, "eu");
              assertThat(stored).hasSize(60);
              assertThat(stored.get(3).value()).isEqualTo(42);
              assertThat(stored.get(10).value()).isEqualTo(3);
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(loader.pointsWaiting()).isZero();
              assertThat(loader.health().status()).isEqualTo(ComponentHealth.Status.UP);
            });
    assertThat(meter("opsmon.store.points.written")).isBetween(60.0, 61.0);
  }

  @Test
  void shouldKeepPointsWaitingWhileTheStoreIsDownAndWriteThemAllWhenItReturns() throws Exception {
    StoreSettings store = startStore(Map.of());
    loader = startLoader(store);
    publish(List.of(orders(0, "eu", 1)));
    await().atMost(Duration.ofSeconds(30)).until(() -> stored(store, "eu").size() == 1);

    questDb.close();
    questDb = null;
    publish(hourOfPoints("us"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              ComponentHealth health = loader.health();
              assertThat(health.status()).isEqualTo(ComponentHealth.Status.DOWN);
              assertThat(health.detail()).contains("60 points waiting");
              assertThat(meter("opsmon.store.points.waiting")).isEqualTo(60);
              assertThat(meter("opsmon.store.up")).isZero();
            });
    // several attempts failed, each retried, none gave up
    await().atMost(Duration.ofSeconds(30)).until(() -> meter("opsmon.store.write.failures") >= 3);

    startStore(Map.of());
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(stored(store, "us")).isEqualTo(hourOfPoints("us"));
              assertThat(loader.pointsWaiting()).isZero();
              assertThat(loader.health().status()).isEqualTo(ComponentHealth.Status.UP);
            });
  }

  @Test
  void shouldReportAStoreThatRefusesTheMonitorOnceAndStopWritingWithoutLosingPoints()
      throws Exception {
    // QuestDB with HTTP basic authentication refuses the loader, which has no credentials: 401
    StoreSettings store = startStore(Map.of("QDB_HTTP_USER", "ops", "QDB_HTTP_PASSWORD", "s3cret"));
    loader = startLoader(store);
    publish(hourOfPoints("eu"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              ComponentHealth health = loader.health();
              assertThat(health.status()).isEqualTo(ComponentHealth.Status.DOWN);
              assertThat(health.detail()).contains("HTTP 401").contains("60 points waiting");
            });
    // refused, not retried: no failed attempt was retried, and it stays so
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> meter("opsmon.store.write.failures") == 0);
    assertThat(meter("opsmon.store.points.written")).isZero();
    assertThat(meter("opsmon.store.points.refused")).isZero();

    // fixed (here: the store without authentication) and restarted in the same consumer group:
    // nothing was committed, so every point arrives
    loader.close();
    questDb.close();
    StoreSettings fixed = startStore(Map.of());
    metrics = new SimpleMeterRegistry();
    loader = startLoader(fixed);
    await().atMost(Duration.ofSeconds(60)).until(() -> stored(fixed, "eu").size() == 60);
  }
}
