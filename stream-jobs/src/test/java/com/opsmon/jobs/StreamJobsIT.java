package com.opsmon.jobs;

import static com.opsmon.jobs.TestOrders.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.embedded.FreePorts;
import com.opsmon.jobs.orders.OrderKpiJob;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.topics.Topics;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The stream jobs on a Flink MiniCluster between a real broker and a real store. */
class StreamJobsIT {
  private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir Path dir;

  private static Instant at(int minute, int second) {
    return T0.plus(MINUTE.multipliedBy(minute)).plusSeconds(second);
  }

  /** eu orders every minute; us orders in minutes 0-1, stops in 2-3, returns in 4. */
  private static List<OrderEvent> ordersWithUsSilentInMinutesTwoAndThree() {
    List<OrderEvent> orders = new ArrayList<>();
    for (int m = 0; m < 5; m++) {
      orders.add(created(at(m, 10), "eu", "10.25", "EUR"));
      orders.add(created(at(m, 40), "eu", "0.75", "EUR"));
      if (m < 2 || m == 4) {
        orders.add(created(at(m, 30), "us", "3.00", "USD"));
      }
    }
    orders.add(created(at(4, 59), "eu", "1.00", "EUR"));
    return orders;
  }

  private static StreamJobsConfig config(EmbeddedKafka kafka, StoreSettings store) {
    return new StreamJobsConfig(
        kafka.bootstrapServers(),
        "it-" + System.nanoTime(),
        store,
        new OrderKpiJob.Settings(MINUTE, Duration.ofHours(1)),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        StreamJobsConfig.DEFAULT_STARTUP_GRACE,
        Duration.ofSeconds(1),
        1);
  }

  private static JobClient startJobs(StreamJobsConfig config) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    StreamJobs.define(env, config);
    return env.executeAsync(StreamJobs.JOB_NAME);
  }

  private static void awaitUsFiredAndResolved(EmbeddedKafka kafka) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(consumeSignals(kafka.bootstrapServers()))
                    .filteredOn(s -> s.labels().get("region").equals("us"))
                    .extracting(AlertSignal::status, AlertSignal::startsAt, AlertSignal::endsAt)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AlertStatus.FIRING, at(2, 0), null),
                        org.assertj.core.groups.Tuple.tuple(
                            AlertStatus.RESOLVED, at(2, 0), at(4, 0))));
  }

  @Test
  void shouldWriteExactPerMinuteKpisToTheStoreAndSignalWhenARegionStopsOrdering() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        EmbeddedQuestDb questDb = EmbeddedQuestDb.start(dir.resolve("questdb"))) {
      kafka.createMonitorTopics(1);
      StoreSettings store = StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl());
      KpiStores.prepare(store);
      produce(kafka.bootstrapServers(), ordersWithUsSilentInMinutesTwoAndThree());

      JobClient job = startJobs(config(kafka, store));
      try (KpiReader reader = KpiStores.reader(store)) {
        KpiQuery eu = new KpiQuery("orders", T0, at(5, 0), Map.of("region", "eu"));
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () ->
                    assertThat(reader.read(eu))
                        .extracting(KpiPoint::value)
                        .containsExactly(2.0, 2.0, 2.0, 2.0, 3.0));
        assertThat(reader.read(new KpiQuery("revenue", T0, at(1, 0), Map.of("region", "eu"))))
            .containsExactly(
                new KpiPoint(
                    "revenue", T0, MINUTE, Map.of("region", "eu", "currency", "EUR"), 11.0));
        assertThat(reader.read(new KpiQuery("orders", T0, at(5, 0), Map.of("region", "us"))))
            .extracting(KpiPoint::windowStart)
            .containsExactly(at(0, 0), at(1, 0), at(4, 0));
        awaitUsFiredAndResolved(kafka);
      } finally {
        job.cancel().get();
      }
    }
  }

  @Test
  void shouldKeepComputingAndAlertingWhileTheStoreIsDown() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createMonitorTopics(1);
      int nothingListens = FreePorts.next();
      StoreSettings unreachable =
          StoreSettings.questDb(
              "http://127.0.0.1:" + nothingListens,
              "jdbc:postgresql://127.0.0.1:" + nothingListens + "/qdb");
      produce(kafka.bootstrapServers(), ordersWithUsSilentInMinutesTwoAndThree());

      JobClient job = startJobs(config(kafka, unreachable));
      try {
        awaitUsFiredAndResolved(kafka);
      } finally {
        // the store sink is retrying: cancelling must still stop it
        job.cancel().get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
  }

  private static void produce(String bootstrap, List<OrderEvent> orders) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringSerializer(),
            new StringSerializer())) {
      for (OrderEvent order : orders) {
        producer
            .send(new ProducerRecord<>(Topics.ORDERS.name(), order.orderId(), Json.write(order)))
            .get();
      }
    }
  }

  private static List<AlertSignal> consumeSignals(String bootstrap) {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "signals-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            Topics.ALERT_SIGNALS.keySerde().deserializer(),
            Topics.ALERT_SIGNALS.valueSerde().deserializer())) {
      consumer.subscribe(List.of(Topics.ALERT_SIGNALS.name()));
      List<AlertSignal> signals = new ArrayList<>();
      consumer.poll(Duration.ofSeconds(2)).forEach(r -> signals.add(r.value()));
      return signals;
    }
  }
}
