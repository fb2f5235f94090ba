package com.opsmon.ingest;

import com.opsmon.ingest.http.IngestApp;
import com.opsmon.ingest.http.IngestEndpoint;
import com.opsmon.ingest.http.IngestLimits;
import com.opsmon.ingest.http.IngestSettings;
import com.opsmon.ingest.metrics.IngestMetrics;
import com.opsmon.ingest.publish.EventPublisher;
import com.opsmon.ingest.validation.ValidationRules;
import com.opsmon.ingest.validation.ValidatorTopology;
import com.opsmon.model.config.Flags;
import com.opsmon.model.config.Loopback;
import com.opsmon.model.config.TokenSource;
import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.streams.StreamsApps;
import com.opsmon.model.topics.KafkaAdmin;
import com.opsmon.model.topics.TopicSettings;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ingest: the validator (Kafka Streams) and the HTTP endpoint's publisher. {@link
 * #main} runs it as a service of its own (cluster deployment); the standalone monitor starts it in
 * its own process and mounts {@link #endpoint()} on the shared API.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  /**
   * Settings of the ingest service, read once at start-up.
   *
   * @param validatorThreads Kafka Streams threads of the validator: each takes a share of the raw
   *     topic's partitions, so more than the partitions is idle
   */
  public record Config(
      String bootstrapServers,
      Path stateDir,
      String applicationId,
      IngestSettings http,
      Duration dedupHorizon,
      int validatorThreads,
      TopicSettings topics) {
    public static final Duration DEFAULT_DEDUP_HORIZON = Duration.ofHours(24);

    public Config {
      if (validatorThreads < 1) {
        throw new IllegalArgumentException("the validator needs at least one thread");
      }
    }

    public static Config fromFlags(Flags flags) {
      IngestSettings http =
          new IngestSettings(
              new ValidationRules(
                  flags.getDuration("max-clock-skew", ValidationRules.DEFAULTS.maxClockSkew()),
                  flags.getInt("max-event-bytes", ValidationRules.DEFAULTS.maxEventBytes())),
              flags.getLong("max-body-bytes", IngestSettings.DEFAULT_MAX_BODY_BYTES),
              TokenSource.resolve(
                  "ingest-token",
                  flags.get("ingest-token"),
                  flags.get("ingest-token-file").map(Path::of)),
              flags.getDuration("publish-timeout", Duration.ofSeconds(30)),
              IngestLimits.fromFlags(flags));
      return new Config(
          flags.require("kafka-bootstrap"),
          Path.of(flags.get("state-dir", "data/ingest")),
          flags.get("application-id", "opsmon-ingest-validator"),
          http,
          flags.getDuration("dedup-horizon", DEFAULT_DEDUP_HORIZON),
          flags.getInt("validator-threads", 1),
          TopicSettings.fromFlags(flags, 3));
    }
  }

  private final KafkaStreams validator;
  private final KafkaStreamsMetrics validatorMetrics;
  private final EventPublisher publisher;
  private final IngestEndpoint endpoint;

  private IngestService(
      KafkaStreams validator,
      KafkaStreamsMetrics validatorMetrics,
      EventPublisher publisher,
      IngestEndpoint endpoint) {
    this.validator = validator;
    this.validatorMetrics = validatorMetrics;
    this.publisher = publisher;
    this.endpoint = endpoint;
  }

  public static IngestService start(Config config, MeterRegistry registry) {
    Properties streams =
        ValidatorTopology.streamsConfig(
            config.bootstrapServers(), config.applicationId(), config.stateDir(), config.topics());
    streams.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.validatorThreads());
    KafkaStreams validator =
        new KafkaStreams(
            ValidatorTopology.buildTopology(
                config.http().rules(),
                config.dedupHorizon(),
                new IngestMetrics(registry, "validator")),
            streams);
    validator.setUncaughtExceptionHandler(
        e -> {
          log.error("ingest validator thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    KafkaStreamsMetrics validatorMetrics = new KafkaStreamsMetrics(validator);
    validatorMetrics.bindTo(registry);
    validator.start();
    EventPublisher publisher =
        new EventPublisher(config.bootstrapServers(), config.http().publishTimeout());
    IngestEndpoint endpoint =
        new IngestEndpoint(
            config.http(), publisher, new IngestMetrics(registry, "http"), Clock.systemUTC());
    return new IngestService(validator, validatorMetrics, publisher, endpoint);
  }

  public IngestEndpoint endpoint() {
    return endpoint;
  }

  public ComponentHealth validatorHealth() {
    return StreamsApps.health(validator);
  }

  @Override
  public void close() {
    publisher.close();
    // first: the binder's thread reads RocksDB properties of the stores, and one read of a store
    // that closed under it crashed the JVM (SIGSEGV in rocksdb::ThreadLocalPtr)
    validatorMetrics.close();
    validator.close(Duration.ofSeconds(30));
  }

  /**
   * Why the ingest endpoint must not listen on {@code host}; empty when it may. Beyond loopback a
   * stranger's events would raise false alerts, so it needs the ingest token, unless the operator
   * says something in front authenticates every request.
   */
  static Optional<String> refusal(
      String host, Optional<String> ingestToken, boolean allowUnauthenticated) {
    if (Loopback.isLoopback(host) || allowUnauthenticated || ingestToken.isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        "refusing to listen on "
            + host
            + ", which is not a loopback address, without --ingest-token (or --ingest-token-file,"
            + " OPSMON_INGEST_TOKEN, OPSMON_INGEST_TOKEN_FILE): anyone who can reach it could send"
            + " events and raise false alerts. Set it, listen on 127.0.0.1 (--host), or pass"
            + " --allow-unauthenticated if something in front authenticates every request.");
  }

  /**
   * The ingest service on its own: {@code --kafka-bootstrap HOST:PORT [--port 8081] [--ingest-token
   * T | --ingest-token-file F]}.
   */
  public static void main(String[] args) throws InterruptedException {
    Flags flags = Flags.parse(args);
    Config config = Config.fromFlags(flags);
    try (KafkaAdmin admin = new KafkaAdmin(config.bootstrapServers())) {
      admin.ensureTopics(config.topics());
    }
    String host = flags.get("host", "0.0.0.0");
    Optional<String> refused =
        refusal(
            host,
            config.http().bearerToken(),
            flags.get("allow-unauthenticated").map(Boolean::parseBoolean).orElse(false));
    if (refused.isPresent()) {
      System.err.println("ingest: " + refused.get());
      System.exit(2);
    }
    IngestService service = start(config, new SimpleMeterRegistry());
    Javalin app = IngestApp.create(service.endpoint(), service::validatorHealth);
    app.start(host, flags.getInt("port", 8081));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.stop();
                  service.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
