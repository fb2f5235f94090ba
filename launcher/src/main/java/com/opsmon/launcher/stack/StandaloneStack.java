package com.opsmon.launcher.stack;

import com.opsmon.alerting.AlertingService;
import com.opsmon.alerting.config.Secret;
import com.opsmon.api.ApiContext;
import com.opsmon.api.ApiService;
import com.opsmon.api.DashboardApi;
import com.opsmon.api.alerts.AlertCommands;
import com.opsmon.api.alerts.AlertsProjection;
import com.opsmon.api.deadletters.RecentDeadLetters;
import com.opsmon.api.http.AllowedHosts;
import com.opsmon.api.stream.LiveStream;
import com.opsmon.api.stream.StreamSettings;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.embedded.FreePorts;
import com.opsmon.ingest.IngestService;
import com.opsmon.jobs.StreamJobs;
import com.opsmon.jobs.StreamJobsConfig;
import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.health.HealthCheck;
import com.opsmon.model.rules.DefaultRules;
import com.opsmon.model.rules.RulesRepository;
import com.opsmon.model.topics.KafkaAdmin;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.StoreSettings;
import com.opsmon.store.loader.StoreLoader;
import com.opsmon.store.loader.StoreLoaderConfig;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole monitor in one process: a Kafka broker (or an existing cluster), the store (embedded
 * QuestDB or InfluxDB), the stream jobs on a local Flink MiniCluster, the ingest and alerting Kafka
 * Streams apps, the API and the simulator. Started in dependency order (the embedded store and the
 * MiniCluster beside the broker, which neither needs), closed in reverse.
 */
public final class StandaloneStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StandaloneStack.class);

  /** The Kafka Streams application that validates ingest (its consumer group on the raw topic). */
  public static final String VALIDATOR_APPLICATION = "opsmon-ingest-validator";

  /** The stream jobs' consumer group on the validated topics (offsets committed on checkpoints). */
  public static final String STREAM_JOBS_GROUP = "opsmon-stream-jobs";

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private boolean closed;
  private String kafkaBootstrap;
  private StoreSettings store;
  private Javalin api;
  private String apiHost = "127.0.0.1";
  private LocalFlink flink;

  /** A stack with nothing started yet: {@link #close} may be called while it starts. */
  public StandaloneStack() {}

  public static StandaloneStack start(StackConfig config) throws Exception {
    StandaloneStack stack = new StandaloneStack();
    stack.startAll(config);
    return stack;
  }

  /** Starts every component in order; on failure, or if closed meanwhile, closes what started. */
  public void startAll(StackConfig config) throws Exception {
    try {
      startInOrder(config);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** Remembers a started component for closing; refuses to go on once the stack is closing. */
  private synchronized <T extends AutoCloseable> T started(T component) throws Exception {
    if (closed) {
      component.close();
      throw new IllegalStateException("the monitor was stopped while it started");
    }
    started.push(component);
    return component;
  }

  private void startInOrder(StackConfig config) throws Exception {
    if (config.refusal().isPresent()) {
      throw new IllegalArgumentException(config.refusal().get());
    }
    apiHost = config.apiHost();
    Path data = config.dataDir().toAbsolutePath();
    Files.createDirectories(data);
    Clock clock = Clock.systemUTC();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // per-store RocksDB meters differ in tag keys between the two Streams apps, which Prometheus
    // refuses
    metrics.config().meterFilter(MeterFilter.denyNameStartsWith("kafka.stream.state"));
    new JvmMemoryMetrics().bindTo(metrics);

    // the embedded store and Flink's MiniCluster need nothing of the broker: they start beside it,
    // which takes seconds off every start
    EmbeddedQuestDb.Credentials credentials = EmbeddedQuestDb.Credentials.generate();
    Optional<Starting<EmbeddedQuestDb>> questDbStarting =
        config.store().isPresent()
            ? Optional.empty()
            : Optional.of(
                new Starting<>(
                    "questdb-start",
                    () -> EmbeddedQuestDb.start(data.resolve("questdb"), credentials)));
    Starting<LocalFlink.Cluster> flinkStarting =
        new Starting<>(
            "flink-start",
            () ->
                LocalFlink.startCluster(
                    config.parallelism(), data.resolve("flink"), Optional.of(metrics)));
    try {
      startTheRest(config, data, clock, metrics, questDbStarting, flinkStarting, credentials);
    } finally {
      // whatever the stack did not take, because it failed before, is closed once it has started
      questDbStarting.ifPresent(Starting::abandon);
      flinkStarting.abandon();
    }
  }

  private void startTheRest(
      StackConfig config,
      Path data,
      Clock clock,
      PrometheusMeterRegistry metrics,
      Optional<Starting<EmbeddedQuestDb>> questDbStarting,
      Starting<LocalFlink.Cluster> flinkStarting,
      EmbeddedQuestDb.Credentials credentials)
      throws Exception {
    if (config.kafkaBootstrap().isPresent()) {
      kafkaBootstrap = config.kafkaBootstrap().get();
    } else {
      EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), config.brokerSettings());
      started(kafka);
      kafkaBootstrap = kafka.bootstrapServers();
    }
    KafkaAdmin admin = new KafkaAdmin(kafkaBootstrap);
    started(admin);
    admin.ensureTopics(config.topics());
    RulesRepository rules = RulesRepository.kafka(kafkaBootstrap, clock);
    publishRules(config, rules);

    // building the jobs' graph and submitting it takes seconds: the store, ingest and alerting
    // start meanwhile
    StreamJobsConfig jobs =
        new StreamJobsConfig(
            kafkaBootstrap,
            STREAM_JOBS_GROUP,
            config.allowedLateness(),
            config.outOfOrderness(),
            config.idleTimeout(),
            Optional.empty(),
            config.checkpointInterval(),
            config.parallelism(),
            com.opsmon.jobs.kpi.TagCaps.DEFAULTS);
    Starting<LocalFlink> jobsStarting =
        new Starting<>(
            "flink-submit",
            () ->
                LocalFlink.start(
                    (env, resumed) -> StreamJobs.define(env, resumed ? jobs.resumed() : jobs),
                    StreamJobs.JOB_NAME,
                    config.freshStart(),
                    flinkStarting.take()));
    try {
      if (questDbStarting.isEmpty()) {
        store = config.store().orElseThrow();
      } else {
        // a fresh user and password each run: QuestDB's defaults would open the store to any
        // program on this machine, and its HTTP port to any page in a local browser
        EmbeddedQuestDb questDb = started(questDbStarting.get().take());
        store =
            StoreSettings.questDb(
                questDb.httpUrl(), questDb.jdbcUrl(), credentials.user(), credentials.password());
      }
      KpiStores.prepare(store);
      KpiReader reader = KpiStores.reader(store);
      started(reader);

      StoreLoader storeLoader =
          StoreLoader.start(StoreLoaderConfig.defaults(kafkaBootstrap, store), metrics);
      started(storeLoader);

      IngestService ingest =
          IngestService.start(
              new IngestService.Config(
                  kafkaBootstrap,
                  data.resolve("streams"),
                  VALIDATOR_APPLICATION,
                  config.ingest(),
                  config.dedupHorizon(),
                  config.validatorThreads(),
                  config.topics()),
              metrics);
      started(ingest);
      // the simulated shop opens as soon as its events are validated, not once the API answers:
      // the first minute's values are then under way when the screen first asks
      if (config.rate() > 0) {
        started(LiveSimulation.start(kafkaBootstrap, config.seed(), config.rate(), clock));
      }

      // alerts link back to the API, so its port must be known before it starts
      int apiPort = config.apiPort() == 0 ? FreePorts.next() : config.apiPort();
      String externalUrl = "http://" + reachableHost(config.apiHost()) + ":" + apiPort;
      AlertingService alerting =
          AlertingService.start(
              new AlertingService.Config(
                  kafkaBootstrap,
                  data.resolve("streams"),
                  "opsmon-alerting",
                  AlertingService.Config.routing(
                      config.routingFile(),
                      config.webhookUrl().map(url -> Secret.of("--webhook-url", url.toString())),
                      externalUrl),
                  config.topics()),
              metrics);
      started(alerting);
      flink = started(jobsStarting.take());
      if (config.minuteCloseCheckpoints()) {
        flink.checkpointEachMinuteAt(MinuteCloseCheckpoints.offsets(config.outOfOrderness()));
      }

      Map<String, HealthCheck> health = new LinkedHashMap<>();
      health.put("kafka", admin::health);
      health.put(
          "store",
          () -> {
            reader.ping();
            return ComponentHealth.up(store.kind().name().toLowerCase());
          });
      health.put("store-loader", storeLoader::health);
      health.put("stream-jobs", flink::health);
      health.put("ingest-validator", ingest::validatorHealth);
      health.put("alert-lifecycle", alerting::lifecycleHealth);
      health.put("notifier", alerting::notifierHealth);

      RecentDeadLetters deadLetters =
          new RecentDeadLetters(kafkaBootstrap, ApiService.RECENT_DEAD_LETTERS).start();
      started(deadLetters);
      AlertsProjection alertState =
          new AlertsProjection(kafkaBootstrap, ApiService.RECENT_NOTIFICATIONS, metrics).start();
      started(alertState);
      AlertCommands alertCommands = AlertCommands.kafka(kafkaBootstrap);
      started(alertCommands);
      LiveStream live = started(LiveStream.start(kafkaBootstrap, StreamSettings.DEFAULTS));
      api =
          DashboardApi.create(
              ApiContext.builder(reader, metrics, clock)
                  .health(health)
                  .ingest(ingest.endpoint())
                  .deadLetters(deadLetters)
                  .stream(live)
                  .rules(rules)
                  .alerts(alertState, alertCommands)
                  .tokens(config.tokens())
                  .allowedHosts(AllowedHosts.of(config.allowedHosts()))
                  .build());
      api.start(config.apiHost(), apiPort);
      started(api::stop);
    } finally {
      // a stack that failed while the job was being submitted closes it, and its cluster, too
      jobsStarting.abandon();
    }
  }

  /** The rules asked for, else the default rules the first time (later runs keep what is there). */
  private static void publishRules(StackConfig config, RulesRepository rules) {
    if (config.rules().isPresent()) {
      rules.publish(config.rules().get().source(), "opsmon up --rules");
    } else if (rules.active().isEmpty()) {
      rules.publish(DefaultRules.load().source(), "opsmon up (default rules)");
      log.info("published the default alert rules ({})", DefaultRules.RESOURCE);
    }
  }

  public URI apiUrl() {
    return URI.create("http://" + reachableHost(apiHost) + ":" + api.port());
  }

  /** The address a client on this machine uses: loopback for a wildcard bind. */
  private static String reachableHost(String bindHost) {
    String host = bindHost.strip();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      return "127.0.0.1";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** The stream jobs' newest completed checkpoint, once one has completed. */
  public Optional<CheckpointedState> streamJobsCheckpoint() throws Exception {
    return flink.latestCheckpoint();
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  public StoreSettings store() {
    return store;
  }

  @Override
  public synchronized void close() {
    closed = true;
    while (!started.isEmpty()) {
      AutoCloseable component = started.pop();
      try {
        component.close();
      } catch (Exception e) {
        log.warn(
            "{} did not close cleanly: {}", component.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /**
   * A component starting on a thread of its own until the stack takes it. One the stack never takes
   * (it failed first) is closed once it has started.
   */
  private static final class Starting<T extends AutoCloseable> {
    private static final Duration ABANDON_WAIT = Duration.ofMinutes(1);

    private final CompletableFuture<T> future = new CompletableFuture<>();
    // a component may be taken by another's start thread (the job by its cluster's)
    private volatile boolean taken;

    Starting(String threadName, Callable<T> start) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  future.complete(start.call());
                } catch (Throwable e) {
                  future.completeExceptionally(e);
                }
              },
              threadName);
      thread.setDaemon(true);
      thread.start();
    }

    /** Waits for the component; rethrows what its start threw. */
    T take() throws Exception {
      taken = true;
      try {
        return future.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw e;
      }
    }

    /**
     * Closes the component if the stack never took it, once it has started: before this returns, so
     * a caller that cleans up or retries after a failed start finds nothing still writing into the
     * data directory.
     */
    void abandon() {
      if (taken) {
        return;
      }
      try {
        closeQuietly(future.get(ABANDON_WAIT.toMillis(), TimeUnit.MILLISECONDS));
      } catch (ExecutionException e) {
        // it failed to start: nothing to close
      } catch (TimeoutException e) {
        log.warn("a component still starting after {} is closed when it is up", ABANDON_WAIT);
        future.thenAccept(StandaloneStack::closeQuietly);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        future.thenAccept(StandaloneStack::closeQuietly);
      }
    }
  }

  private static void closeQuietly(AutoCloseable component) {
    try {
      component.close();
    } catch (Exception e) {
      log.warn("could not close {} after a failed start", component, e);
    }
  }
}
