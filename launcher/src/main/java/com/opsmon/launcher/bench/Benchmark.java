package com.opsmon.launcher.bench;

import com.opsmon.ingest.publish.EventPublisher.RawEvent;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.topics.KafkaAdmin;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One benchmark run, on the product's own code paths: the monitor as {@code opsmon up} starts it,
 * fed by the simulator or by generated events.
 *
 * <ul>
 *   <li>Live: {@code opsmon up} in a JVM of its own with the simulator at {@code liveRate}; the
 *       first KPI's arrival, window-end-to-API latency, and the monitor process's peak RSS.
 *   <li>Cost growth with SKUs: the same simulated minutes at each catalogue size, each on a fresh
 *       monitor ({@link SkuScaling}).
 *   <li>Throughput, on another fresh monitor with the simulator off: bare Flink on the bulk events,
 *       the pipeline on the same events, HTTP ingest with several clients, then the dashboard query
 *       under concurrent clients on the data the pipeline stored.
 * </ul>
 *
 * <p>The live phase starts before or between the others when its first minute will end soon after
 * the monitor is up ({@link LiveSchedule}), else after them: a minute's wait for it would be most
 * of a quick run.
 */
public final class Benchmark {
  static final String BASELINE_TOPIC = "opsmon.bench.baseline";
  private static final Duration PIPELINE_DEADLINE = Duration.ofMinutes(30);
  private static final Duration FIRST_KPI_DEADLINE = Duration.ofMinutes(3);
  private static final Duration DASHBOARD_RANGE = Duration.ofHours(3);

  /** About how long {@code opsmon up} takes here until its simulator runs (docs/PERFORMANCE.md). */
  private static final Duration EXPECTED_START = Duration.ofSeconds(16);

  /** The bulk events start yesterday at 09:00 UTC (this far before today's start). */
  private static final Duration BULK_FROM_DAY_START = Duration.ofHours(24 - 9);

  private final BenchSettings settings;
  private final Progress progress;

  public Benchmark(BenchSettings settings, Progress progress) {
    this.settings = settings;
    this.progress = progress;
  }

  public BenchReport run() throws Exception {
    Path work = settings.workDir();
    LiveSchedule schedule = new LiveSchedule(EXPECTED_START);
    // the same hours of yesterday in every run: the simulated day's traffic follows the clock
    Instant bulkStart = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(BULK_FROM_DAY_START);

    Live live = null;
    List<SkuCost> skuScaling = new ArrayList<>();
    for (int skus : settings.skuCounts().stream().sorted().toList()) {
      if (live == null && schedule.isGoodMoment(Instant.now())) {
        live = live(work);
      }
      skuScaling.add(SkuScaling.run(settings, skus, bulkStart, work, PIPELINE_DEADLINE, progress));
    }
    if (live == null && schedule.isGoodMoment(Instant.now())) {
      live = live(work);
    }
    Bulk bulk = bulk(work, bulkStart);
    if (live == null) {
      // waiting for a better moment would only move the wait: start now
      live = live(work);
    }

    return new BenchReport(
        settings.seed(),
        bulk.events(),
        bulk.cold().perSecond(),
        bulk.warm().perSecond(),
        bulk.pipeline().perSecond(),
        settings.httpClients(),
        bulk.http().events(),
        bulk.http().perSecond(),
        live.stackStart().toMillis() / 1e3,
        live.firstValue().toMillis() / 1e3,
        live.firstKpi().toMillis() / 1e3,
        settings.liveRate(),
        live.freshness().stream().count(),
        live.freshness().stream().percentile(50),
        live.freshness().stream().percentile(99),
        live.freshness().store().count(),
        live.freshness().store().percentile(50),
        live.freshness().store().percentile(99),
        live.freshness().probes(),
        live.freshness().partial().count(),
        live.freshness().partial().percentile(50),
        live.freshness().partial().percentile(99),
        live.freshness().alerts().minutes(),
        live.freshness().alerts().shown().count(),
        live.freshness().alerts().shown().percentile(50),
        live.freshness().alerts().shown().percentile(99),
        live.freshness().alerts().notified().count(),
        live.freshness().alerts().notified().percentile(50),
        live.freshness().alerts().notified().percentile(99),
        "3 h of revenue",
        settings.apiClients(),
        bulk.api().perSecond(),
        bulk.api().latencies().percentile(50),
        bulk.api().latencies().percentile(99),
        bulk.api().points(),
        bulk.api().answerBytes(),
        bulk.api().failed(),
        live.peakRss(),
        skuScaling);
  }

  /** What the live phase measured. */
  private record Live(
      Duration stackStart,
      Duration firstValue,
      Duration firstKpi,
      Freshness.Result freshness,
      double peakRss) {}

  /**
   * The live phase: {@code opsmon up} in a JVM of its own with the simulator on; its start, its
   * first KPI, the freshness of its windows and its peak RSS.
   */
  private Live live(Path work) throws Exception {
    progress.say(
        "live phase: starting `opsmon up` in a JVM of its own, the simulator at %,.0f events/s",
        settings.liveRate());
    Path dataDir = work.resolve("live");
    Files.createDirectories(dataDir);
    Path rules = Files.writeString(dataDir.resolve("bench-rules.yaml"), AlertProbe.rulesFile());
    long upStarted = System.nanoTime();
    AlertProbe alerts = new AlertProbe();
    try (AlertReceiver webhook = AlertReceiver.start(alerts);
        LiveMonitor monitor =
            LiveMonitor.start(
                dataDir,
                settings.liveRate(),
                settings.seed(),
                FIRST_KPI_DEADLINE,
                List.of("--rules", rules.toString(), "--webhook-url", webhook.url().toString()))) {
      Duration stackStart = Duration.ofNanos(System.nanoTime() - upStarted);
      progress.say(
          "started in %.1f s; waiting for the first KPI, then measuring freshness for %s more",
          stackStart.toMillis() / 1e3, settings.liveDuration());
      Freshness.Watch watch =
          Freshness.watchFromStart(
              monitor.apiUrl(), upStarted, FIRST_KPI_DEADLINE, settings.liveDuration(), alerts);
      double peakRss =
          monitor.peakRss().stream().mapToDouble(b -> b).findFirst().orElse(Double.NaN);
      return new Live(stackStart, watch.firstValue(), watch.firstKpi(), watch.freshness(), peakRss);
    }
  }

  /** What the throughput phase measured on the bulk events. */
  private record Bulk(
      long events,
      Throughput cold,
      Throughput warm,
      Throughput pipeline,
      Throughput http,
      ApiLoad.Result api) {}

  /**
   * The throughput phase, on a fresh monitor with the simulator off: bare Flink and the pipeline on
   * the bulk events, HTTP ingest, then the dashboard query on what the pipeline stored.
   */
  private Bulk bulk(Path work, Instant bulkStart) throws Exception {
    Instant bulkEnd = bulkStart.plus(settings.simulated());
    progress.say(
        "generating %s of simulated events at about %,.0f events/s",
        settings.simulated(), settings.simulatedRate());
    List<RawEvent> events =
        SimulatedLoad.inMemory(
            settings.seed(), bulkStart, settings.simulated(), settings.simulatedRate());
    // the hours after the bulk, as a producer sending what happens now would: posted into the
    // bulk's own hours, every event was a correction of a closed minute, and the jobs' corrections
    // took the cores from the ingest being measured. Another seed: the same seed's event ids would
    // be dropped as duplicates.
    List<Path> httpFiles =
        SimulatedLoad.ndjsonFiles(
            settings.seed() + 1,
            bulkEnd,
            settings.simulatedRate(),
            settings.httpEvents(),
            settings.httpClients(),
            work.resolve("http"));

    progress.say("throughput phase: starting a fresh monitor with the simulator off");
    try (StandaloneStack stack =
        StandaloneStack.start(
            StackConfig.builder(work.resolve("throughput")).apiPort(0).rate(0).build())) {
      String kafka = stack.kafkaBootstrap();
      writeBaselineTopic(kafka, events);
      progress.say("bare Flink on %,d events (twice: cold, then warm)", events.size());
      Throughput cold = BareFlinkBaseline.run(kafka, BASELINE_TOPIC, events.size());
      Throughput warm = BareFlinkBaseline.run(kafka, BASELINE_TOPIC, events.size());
      progress.say(
          "bare Flink: %,.0f events/s cold, %,.0f warm", cold.perSecond(), warm.perSecond());

      Throughput pipeline = PipelineThroughput.run(kafka, events, PIPELINE_DEADLINE, progress);
      long eventCount = events.size();
      events = null; // the heap is needed for the phases after
      progress.say("pipeline: %,.0f events/s", pipeline.perSecond());

      Throughput http = HttpIngestLoad.run(stack.apiUrl(), httpFiles);
      progress.say(
          "HTTP ingest: %,.0f events/s with %d clients", http.perSecond(), settings.httpClients());

      // the dashboard is queried on a monitor that keeps up, not while it digests a flood
      PipelineThroughput.awaitConsumed(kafka, PIPELINE_DEADLINE);
      progress.say("the pipeline has consumed the HTTP ingest's events");

      Instant queryTo = bulkEnd;
      Instant queryFrom = queryTo.minus(DASHBOARD_RANGE);
      URI query =
          stack
              .apiUrl()
              .resolve("/api/v1/kpis/revenue?window=PT1M&from=" + queryFrom + "&to=" + queryTo);
      progress.say(
          "API: %s with %d clients for %s",
          query.getPath() + " (3 h)", settings.apiClients(), settings.apiDuration());
      ApiLoad.Result api = ApiLoad.run(query, settings.apiClients(), settings.apiDuration());
      return new Bulk(eventCount, cold, warm, pipeline, http, api);
    }
  }

  /** The bulk events in a topic of the baseline's own, written before its clock starts. */
  private static void writeBaselineTopic(String bootstrapServers, List<RawEvent> events) {
    try (KafkaAdmin admin = new KafkaAdmin(bootstrapServers)) {
      admin.ensureTopics(List.of(BASELINE_TOPIC), 1, (short) 1);
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (RawEvent event : events) {
        producer.send(new ProducerRecord<>(BASELINE_TOPIC, event.key(), event.payload()));
      }
      producer.flush();
    }
  }
}
