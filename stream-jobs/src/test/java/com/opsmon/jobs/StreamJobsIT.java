package com.opsmon.jobs;

import static com.opsmon.jobs.TestOrders.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.embedded.TopicReader;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.RulesFile;
import com.opsmon.model.rules.RulesTopic;
import com.opsmon.model.topics.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream jobs on a Flink MiniCluster reading and writing a real broker, with events a month
 * old: the broker checks retention every half second, so anything the monitor stamped with event
 * time would be deleted before the assertions read it.
 */
class StreamJobsIT {
  private static final Clock CLOCK = Clock.systemUTC();

  /** A month before now, on the hour: old enough that any event-time stamp would be deleted. */
  private static final Instant T0 =
      CLOCK.instant().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS);

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir Path dir;
  private EmbeddedKafka kafka;
  private StreamJobsConfig config;

  @BeforeEach
  void startBroker() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), EmbeddedKafka.PROMPT_RETENTION);
    kafka.createMonitorTopics(1);
    config =
        new StreamJobsConfig(
            kafka.bootstrapServers(),
            "it-" + System.nanoTime(),
            Duration.ofHours(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Optional.empty(),
            CHECKPOINT_INTERVAL,
            1,
            com.opsmon.jobs.kpi.TagCaps.DEFAULTS);
  }

  @AfterEach
  void stopBroker() {
    kafka.close();
  }

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

  /** The rule of these scenarios: a region with orders that has none the next minute. */
  static final String ORDERS_STOPPED =
      """
      rules:
        - name: orders_stopped
          kpi: orders
          where: {region: "*"}
          severity: critical
          no_data: {for: 1m}
      """;

  private JobClient startJobs() throws Exception {
    RulesTopic.publish(
        kafka.bootstrapServers(),
        PublishedRules.of(RulesFile.parse(ORDERS_STOPPED, "test"), CLOCK.instant(), "test"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    StreamJobs.define(env, config);
    return env.executeAsync(StreamJobs.JOB_NAME);
  }

  @Test
  void shouldComputeExactPerMinuteKpisAndSignalWhenARegionStopsOrderingFromMonthOldEvents()
      throws Exception {
    produce(ordersWithUsSilentInMinutesTwoAndThree());

    JobClient job = startJobs();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(signalsOf("us"))
                      .extracting(AlertSignal::status, AlertSignal::startsAt, AlertSignal::endsAt)
                      .containsExactly(
                          tuple(AlertStatus.FIRING, at(2, 0), null),
                          tuple(AlertStatus.RESOLVED, at(2, 0), at(4, 0))));
      Map<String, KpiPoint> kpis = latestKpis();
      assertThat(series(kpis, "orders", "eu"))
          .extracting(KpiPoint::windowStart, KpiPoint::value)
          .containsExactly(
              tuple(at(0, 0), 2.0),
              tuple(at(1, 0), 2.0),
              tuple(at(2, 0), 2.0),
              tuple(at(3, 0), 2.0),
              tuple(at(4, 0), 3.0));
      assertThat(series(kpis, "orders", "us"))
          .extracting(KpiPoint::windowStart, KpiPoint::value)
          .containsExactly(tuple(at(0, 0), 1.0), tuple(at(1, 0), 1.0), tuple(at(4, 0), 1.0));
      assertThat(series(kpis, "revenue", "eu"))
          .extracting(KpiPoint::windowStart, KpiPoint::value)
          .containsExactly(
              tuple(at(0, 0), 11.0),
              tuple(at(1, 0), 11.0),
              tuple(at(2, 0), 11.0),
              tuple(at(3, 0), 11.0),
              tuple(at(4, 0), 12.0));

      // several retention checks later, nothing the job wrote has been deleted
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  TopicReader.firstOffsets(kafka.bootstrapServers(), Topics.KPIS).get(0) == 0
                      && TopicReader.firstOffsets(kafka.bootstrapServers(), Topics.ALERT_SIGNALS)
                              .get(0)
                          == 0);
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldStillSignalWhenTheFirstEventsComeAfterTheSourcesWentIdle() throws Exception {
    JobClient job = startJobs();
    try {
      // a quiet start, longer than the idle timeout: every event source goes idle, and the rules'
      // watermark must not run off to the end of time while they are
      await()
          .during(config.idleTimeout().multipliedBy(4))
          .atMost(Duration.ofSeconds(60))
          .until(() -> signals().isEmpty());
      produce(ordersWithUsSilentInMinutesTwoAndThree());

      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(signalsOf("us"))
                      .extracting(AlertSignal::status, AlertSignal::startsAt)
                      .contains(tuple(AlertStatus.FIRING, at(2, 0))));
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldShowAMinuteStillOpenAsPartialPointsOnTheirOwnTopicOnly() throws Exception {
    // nothing after minute 0: event time stays inside it, so it never closes
    produce(
        List.of(
            created(at(0, 10), "eu", "1.00", "EUR"),
            created(at(0, 20), "eu", "2.00", "EUR"),
            created(at(0, 30), "eu", "3.00", "EUR")));

    JobClient job = startJobs();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(
                          series(
                              latest(
                                  TopicReader.values(
                                      kafka.bootstrapServers(), Topics.KPI_PARTIALS)),
                              "revenue",
                              "eu"))
                      .extracting(KpiPoint::windowStart, KpiPoint::value)
                      .containsExactly(tuple(at(0, 0), 6.0)));
      assertThat(series(latestKpis(), "revenue", "eu")).isEmpty();
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldReuseABoundedPoolOfTransactionalIdsAcrossCheckpoints(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    produce(ordersWithUsSilentInMinutesTwoAndThree());
    JobClient job = startJobs();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      // 20 checkpoints: the default naming would have left 20 transactional ids behind
      await().atMost(Duration.ofSeconds(90)).until(() -> completedCheckpoints(cluster, job) >= 20);
      List<String> ids =
          admin.listTransactions(new ListTransactionsOptions()).all().get().stream()
              .map(TransactionListing::transactionalId)
              .filter(id -> id.startsWith(config.consumerGroup() + "-alert-signals"))
              .toList();
      assertThat(ids).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
  }

  private static long completedCheckpoints(MiniCluster cluster, JobClient job) throws Exception {
    return cluster
        .getExecutionGraph(job.getJobID())
        .get()
        .getCheckpointStatsSnapshot()
        .getCounts()
        .getNumberOfCompletedCheckpoints();
  }

  /** The alert signals so far of one region's series. */
  private List<AlertSignal> signalsOf(String region) {
    return signals().stream().filter(s -> region.equals(s.labels().get("region"))).toList();
  }

  private List<AlertSignal> signals() {
    return TopicReader.values(kafka.bootstrapServers(), Topics.ALERT_SIGNALS);
  }

  /** The KPI points on the topic, the latest for each KPI, series and window. */
  private Map<String, KpiPoint> latestKpis() {
    return latest(TopicReader.values(kafka.bootstrapServers(), Topics.KPIS));
  }

  private static Map<String, KpiPoint> latest(List<KpiPoint> points) {
    Map<String, KpiPoint> latest = new LinkedHashMap<>();
    points.forEach(p -> latest.put(p.replacementKey(), p));
    return latest;
  }

  /** One region's per-minute points of a KPI, all channels together. */
  private static List<KpiPoint> series(Map<String, KpiPoint> kpis, String kpi, String region) {
    return kpis.values().stream()
        .filter(
            p ->
                p.kpi().equals(kpi)
                    && p.window().equals(MINUTE)
                    && region.equals(p.tags().get("region"))
                    && "all".equals(p.tags().get("channel")))
        .sorted(java.util.Comparator.comparing(KpiPoint::windowStart))
        .toList();
  }

  private void produce(List<OrderEvent> orders) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (OrderEvent order : orders) {
        producer
            .send(new ProducerRecord<>(Topics.ORDERS.name(), order.orderId(), Json.write(order)))
            .get();
      }
    }
  }
}
