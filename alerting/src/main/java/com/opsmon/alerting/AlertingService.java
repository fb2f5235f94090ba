package com.opsmon.alerting;

import com.opsmon.alerting.config.AlertingConfig;
import com.opsmon.alerting.config.RoutingFile;
import com.opsmon.alerting.config.Secret;
import com.opsmon.alerting.delivery.DeliveryQueues;
import com.opsmon.model.config.Flags;
import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.streams.StreamsApps;
import com.opsmon.model.topics.KafkaAdmin;
import com.opsmon.model.topics.TopicSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running alert manager: {@link AlertingTopology} on Kafka Streams (exactly-once, state in
 * changelogged stores) and a delivery queue per receiver of the routing file. {@link #main} runs it
 * as a service of its own.
 */
public final class AlertingService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertingService.class);

  /**
   * Settings of the alerting service, read once at start-up.
   *
   * @param alerting the routing file's content (secrets resolved), or the default routing
   */
  public record Config(
      String bootstrapServers,
      Path stateDir,
      String applicationId,
      AlertingConfig alerting,
      TopicSettings topics) {

    /** On the in-process broker: one replica of everything. */
    public Config(
        String bootstrapServers, Path stateDir, String applicationId, AlertingConfig alerting) {
      this(bootstrapServers, stateDir, applicationId, alerting, TopicSettings.singleBroker(1));
    }

    /**
     * {@code --routing FILE} (a routing file), else the default routing: one webhook receiver when
     * {@code --webhook-url} (better: {@code OPSMON_WEBHOOK_URL}) is given. {@code --external-url}
     * is where alerts link back to.
     */
    public static Config fromFlags(Flags flags) {
      String externalUrl = flags.get("external-url", "http://127.0.0.1:8080");
      return new Config(
          flags.require("kafka-bootstrap"),
          Path.of(flags.get("state-dir", "data/alerting")),
          flags.get("application-id", "opsmon-alerting"),
          routing(
              flags.get("routing").map(Path::of),
              flags.get("webhook-url").map(url -> Secret.of("--webhook-url", url)),
              externalUrl),
          TopicSettings.fromFlags(flags, 3));
    }

    /** The routing file when given, else one webhook receiver (or none). */
    public static AlertingConfig routing(
        Optional<Path> routingFile, Optional<Secret> webhookUrl, String externalUrl) {
      if (routingFile.isEmpty()) {
        return RoutingFile.defaults(webhookUrl, externalUrl);
      }
      try {
        return RoutingFile.read(routingFile.get(), externalUrl);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the routing file " + routingFile.get(), e);
      }
    }
  }

  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final DeliveryQueues queues;

  private AlertingService(
      KafkaStreams streams, KafkaStreamsMetrics streamsMetrics, DeliveryQueues queues) {
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
    this.queues = queues;
  }

  public static AlertingService start(Config config, MeterRegistry registry) {
    DeliveryQueues queues = DeliveryQueues.start(config.alerting(), Clock.systemUTC());
    KafkaStreams streams =
        new KafkaStreams(
            AlertingTopology.buildTopology(config.alerting(), queues, registry),
            AlertingTopology.streamsConfig(
                config.bootstrapServers(),
                config.applicationId(),
                config.stateDir(),
                config.topics()));
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("alerting thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    streams.start();
    log.info("alerting started; receivers {}", config.alerting().receivers().keySet());
    return new AlertingService(streams, streamsMetrics, queues);
  }

  public ComponentHealth lifecycleHealth() {
    return StreamsApps.health(streams);
  }

  /** Up while every receiver's newest attempt succeeded ({@link DeliveryQueues#health()}). */
  public ComponentHealth notifierHealth() {
    return queues.health();
  }

  /**
   * Stops the app: what it has done is committed, and notifications not yet delivered stay stored
   * for the next start.
   */
  @Override
  public void close() {
    // first: the binder's thread reads RocksDB properties of the stores, and one read of a store
    // that closed under it crashed the JVM (SIGSEGV in rocksdb::ThreadLocalPtr)
    streamsMetrics.close();
    streams.close(Duration.ofSeconds(30));
    queues.close();
  }

  /**
   * The alerting service on its own: {@code --kafka-bootstrap HOST:PORT [--routing FILE]
   * [--webhook-url URL]}.
   */
  public static void main(String[] args) throws InterruptedException {
    Flags flags = Flags.parse(args);
    Config config = Config.fromFlags(flags);
    try (KafkaAdmin admin = new KafkaAdmin(config.bootstrapServers())) {
      admin.ensureTopics(config.topics());
    }
    AlertingService service = start(config, new SimpleMeterRegistry());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
