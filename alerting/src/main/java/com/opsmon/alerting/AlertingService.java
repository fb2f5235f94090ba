package com.opsmon.alerting;

import com.opsmon.alerting.lifecycle.AlertLifecycleTopology;
import com.opsmon.alerting.notify.RetryPolicy;
import com.opsmon.alerting.notify.WebhookNotifier;
import com.opsmon.model.config.Flags;
import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.streams.StreamsApps;
import com.opsmon.model.topics.KafkaAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running alerting: the alert lifecycle (Kafka Streams) and, when a webhook is configured, the
 * notifier delivering to it. {@link #main} runs it as a service of its own.
 */
public final class AlertingService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertingService.class);

  /** Settings of the alerting service, read once at start-up. */
  public record Config(
      String bootstrapServers,
      Path stateDir,
      String applicationId,
      Optional<URI> webhookUrl,
      String externalUrl,
      RetryPolicy retry) {
    public static Config fromFlags(Flags flags) {
      return new Config(
          flags.require("kafka-bootstrap"),
          Path.of(flags.get("state-dir", "data/alerting")),
          flags.get("application-id", "opsmon-alerting"),
          flags.get("webhook-url").map(URI::create),
          flags.get("external-url", "http://127.0.0.1:8080"),
          new RetryPolicy(
              flags.getDuration("retry-initial-backoff", RetryPolicy.DEFAULT.initialBackoff()),
              flags.getDuration("retry-max-backoff", RetryPolicy.DEFAULT.maxBackoff())));
    }
  }

  /**
   * Long enough for a delivery in progress (it times out after 10 s) to finish and be committed.
   */
  private static final Duration NOTIFIER_STOP_TIMEOUT = Duration.ofSeconds(20);

  private final KafkaStreams lifecycle;
  private final Optional<WebhookNotifier> notifier;
  private final Optional<Thread> notifierThread;

  private AlertingService(
      KafkaStreams lifecycle, Optional<WebhookNotifier> notifier, Optional<Thread> notifierThread) {
    this.lifecycle = lifecycle;
    this.notifier = notifier;
    this.notifierThread = notifierThread;
  }

  public static AlertingService start(Config config, MeterRegistry registry) {
    KafkaStreams lifecycle =
        new KafkaStreams(
            AlertLifecycleTopology.buildTopology(registry),
            AlertLifecycleTopology.streamsConfig(
                config.bootstrapServers(), config.applicationId(), config.stateDir()));
    lifecycle.setUncaughtExceptionHandler(
        e -> {
          log.error("alert lifecycle thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    new KafkaStreamsMetrics(lifecycle).bindTo(registry);
    lifecycle.start();
    Optional<WebhookNotifier> notifier =
        config
            .webhookUrl()
            .map(
                url ->
                    new WebhookNotifier(
                        config.bootstrapServers(),
                        config.applicationId() + "-webhook",
                        url,
                        config.externalUrl(),
                        config.retry(),
                        registry));
    Optional<Thread> notifierThread =
        notifier.map(
            n -> {
              Thread thread = new Thread(n, "webhook-notifier");
              // close() waits for it, but only so long; a stuck delivery must not keep the JVM up
              thread.setDaemon(true);
              thread.start();
              log.info("notifying {}", config.webhookUrl().get());
              return thread;
            });
    return new AlertingService(lifecycle, notifier, notifierThread);
  }

  public ComponentHealth lifecycleHealth() {
    return StreamsApps.health(lifecycle);
  }

  /** Up when no notifier is configured, otherwise {@link WebhookNotifier#health()}. */
  public ComponentHealth notifierHealth() {
    return notifier
        .map(WebhookNotifier::health)
        .orElse(ComponentHealth.up("no webhook configured"));
  }

  /**
   * Stops the notifier, waiting (up to 20 s) until a delivery in progress is finished and
   * committed, then the lifecycle.
   */
  @Override
  public void close() {
    notifier.ifPresent(WebhookNotifier::close);
    notifierThread.ifPresent(AlertingService::awaitStop);
    lifecycle.close(Duration.ofSeconds(30));
  }

  private static void awaitStop(Thread thread) {
    try {
      thread.join(NOTIFIER_STOP_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("webhook notifier still busy after {}; leaving it", NOTIFIER_STOP_TIMEOUT);
    }
  }

  /** The alerting service on its own: {@code --kafka-bootstrap HOST:PORT [--webhook-url URL]}. */
  public static void main(String[] args) throws InterruptedException {
    Flags flags = Flags.parse(args);
    Config config = Config.fromFlags(flags);
    try (KafkaAdmin admin = new KafkaAdmin(config.bootstrapServers())) {
      admin.ensureTopics(flags.getInt("partitions", 3), (short) flags.getInt("replication", 1));
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
