package com.opsmon.launcher.cli;

import com.opsmon.api.security.ApiTokens;
import com.opsmon.ingest.http.IngestSettings;
import com.opsmon.ingest.validation.ValidationRules;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.config.Durations;
import com.opsmon.model.config.TokenSource;
import com.opsmon.model.rules.RuleSet;
import com.opsmon.model.rules.RulesFile;
import com.opsmon.model.topics.TopicSettings;
import com.opsmon.store.StoreSettings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code opsmon up}: the whole monitor in this process, on embedded defaults unless told otherwise.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "Start the monitor: Kafka, Flink, the store, ingest, alerting, the API and the simulator, in this process.")
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--api-port",
      defaultValue = "${env:OPSMON_API_PORT:-8080}",
      description = "API port; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(
      names = "--bind",
      defaultValue = "${env:OPSMON_BIND:-127.0.0.1}",
      description =
          "Address the API listens on (default ${DEFAULT-VALUE}, this machine only). Any other"
              + " address needs --read-token, --admin-token and --ingest-token, or"
              + " --allow-unauthenticated.")
  String bind;

  @Option(
      names = "--allow-unauthenticated",
      defaultValue = "${env:OPSMON_ALLOW_UNAUTHENTICATED:-false}",
      description =
          "Listen on a --bind address other than loopback without every token: only when"
              + " something in front (a proxy, a private network) authenticates every request.")
  boolean allowUnauthenticated;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:OPSMON_DATA_DIR:-data}",
      description =
          "Where Kafka, QuestDB, Flink and Kafka Streams keep their data (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--rate",
      defaultValue = "${env:OPSMON_RATE:-200}",
      description =
          "Simulated events per second; 0 turns the simulator off (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--seed",
      defaultValue = "${env:OPSMON_SEED:-1}",
      description = "Seed of the simulated retailer (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--webhook-url",
      defaultValue = "${env:OPSMON_WEBHOOK_URL}",
      description = "Send alert notifications here (Alertmanager webhook JSON).")
  URI webhookUrl;

  @Option(
      names = "--routing",
      defaultValue = "${env:OPSMON_ROUTING}",
      description =
          "The alert manager's routing file (YAML: routes, receivers, inhibition, maintenance"
              + " windows; see docs/ALERTING.md). Without it: one webhook receiver with"
              + " --webhook-url.")
  Path routingFile;

  @Option(
      names = "--kafka-bootstrap",
      defaultValue = "${env:OPSMON_KAFKA_BOOTSTRAP}",
      description = "Use this Kafka cluster (HOST:PORT) instead of the in-process broker.")
  String kafkaBootstrap;

  @Option(
      names = "--parallelism",
      defaultValue = "${env:OPSMON_PARALLELISM:-1}",
      description =
          "Parallelism of the stream jobs; use as many partitions (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--validator-threads",
      defaultValue = "${env:OPSMON_VALIDATOR_THREADS:-1}",
      description =
          "Kafka Streams threads of the ingest validator; use as many partitions (default"
              + " ${DEFAULT-VALUE}).")
  int validatorThreads;

  @Option(
      names = "--partitions",
      defaultValue = "1",
      description = "Partitions of each topic the monitor creates (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--replication",
      defaultValue = "${env:OPSMON_REPLICATION:-1}",
      description =
          "Replicas of each topic the monitor creates, with --kafka-bootstrap (default"
              + " ${DEFAULT-VALUE}; 3 on a production cluster). More than the cluster has"
              + " brokers is refused at start-up; 1 on three or more brokers is a warning.")
  short replication;

  @Option(
      names = "--min-insync",
      defaultValue = "${env:OPSMON_MIN_INSYNC}",
      description =
          "Replicas that must have a write before it is acknowledged (min.insync.replicas;"
              + " default: all but one of --replication, at least 1).")
  Integer minInsync;

  @Option(
      names = "--store",
      defaultValue = "${env:OPSMON_STORE:-questdb}",
      description = "questdb (embedded, default) or influxdb.")
  StoreSettings.Kind store;

  @Option(
      names = "--influx-url",
      defaultValue = "${env:OPSMON_INFLUX_URL}",
      description = "InfluxDB URL, with --store influxdb.")
  String influxUrl;

  @Option(
      names = "--influx-token",
      defaultValue = "${env:OPSMON_INFLUX_TOKEN}",
      description = "InfluxDB API token (better: set OPSMON_INFLUX_TOKEN).")
  String influxToken;

  @Option(
      names = "--influx-org",
      defaultValue = "${env:OPSMON_INFLUX_ORG}",
      description = "InfluxDB organisation.")
  String influxOrg;

  @Option(
      names = "--influx-bucket",
      defaultValue = "${env:OPSMON_INFLUX_BUCKET}",
      description = "InfluxDB bucket.")
  String influxBucket;

  @Option(
      names = "--ingest-token",
      defaultValue = "${env:OPSMON_INGEST_TOKEN}",
      description = "Require 'Authorization: Bearer <token>' on POST /api/v1/events.")
  String ingestToken;

  @Option(
      names = "--ingest-token-file",
      defaultValue = "${env:OPSMON_INGEST_TOKEN_FILE}",
      description = "Read the ingest token from this file (trimmed) instead.")
  Path ingestTokenFile;

  @Option(
      names = "--max-clock-skew",
      defaultValue = "${env:OPSMON_MAX_CLOCK_SKEW:-5m}",
      description = "How far ahead of this clock an event may be (default ${DEFAULT-VALUE}).")
  String maxClockSkew;

  @Option(
      names = "--dedup-horizon",
      defaultValue = "${env:OPSMON_DEDUP_HORIZON:-24h}",
      description =
          "How long an eventId is remembered to drop resent copies (default ${DEFAULT-VALUE}).")
  String dedupHorizon;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "${env:OPSMON_CHECKPOINT_INTERVAL:-2s}",
      description =
          "How often the stream jobs checkpoint, and so commit their KPIs and alert signals: a"
              + " shorter interval shows them sooner, for some throughput (default"
              + " ${DEFAULT-VALUE}; docs/PERFORMANCE.md).")
  String checkpointInterval;

  @Option(
      names = "--minute-close-checkpoints",
      negatable = true,
      defaultValue = "${env:OPSMON_MINUTE_CLOSE_CHECKPOINTS:-true}",
      fallbackValue = "true",
      description =
          "Also checkpoint just after each minute closes, so its KPIs and alerts are committed"
              + " without waiting for the next periodic checkpoint (default ${DEFAULT-VALUE};"
              + " docs/PERFORMANCE.md).")
  boolean minuteCloseCheckpoints;

  @Option(
      names = "--rules",
      defaultValue = "${env:OPSMON_RULES}",
      description =
          "Publish this rules file (YAML) at start; without it the rules in force stay (the default"
              + " rules on a first start).")
  Path rulesFile;

  @Option(
      names = "--admin-token",
      defaultValue = "${env:OPSMON_ADMIN_TOKEN}",
      description =
          "Require 'Authorization: Bearer <token>' on the API's changes (rules,"
              + " acknowledgements, silences); it reads too.")
  String adminToken;

  @Option(
      names = "--admin-token-file",
      defaultValue = "${env:OPSMON_ADMIN_TOKEN_FILE}",
      description = "Read the admin token from this file (trimmed) instead.")
  Path adminTokenFile;

  @Option(
      names = "--read-token",
      defaultValue = "${env:OPSMON_READ_TOKEN}",
      description =
          "Require 'Authorization: Bearer <token>' (this or the admin token) on every data route"
              + " of the API, /metrics included; /health and the pages stay open.")
  String readToken;

  @Option(
      names = "--read-token-file",
      defaultValue = "${env:OPSMON_READ_TOKEN_FILE}",
      description = "Read the read token from this file (trimmed) instead.")
  Path readTokenFile;

  @Option(
      names = "--allowed-host",
      split = ",",
      defaultValue = "${env:OPSMON_ALLOWED_HOSTS}",
      description =
          "A host name the API answers to besides IP addresses and localhost (repeatable or"
              + " comma-separated): the name people use to reach it. Others get 421, against DNS"
              + " rebinding.")
  List<String> allowedHosts = new ArrayList<>();

  @Option(
      names = "--fresh-start",
      description =
          "Set the stream jobs' saved state aside (kept under DATA/flink/unusable-state) and start"
              + " them afresh: open windows and rule state are lost.")
  boolean freshStart;

  @Override
  public Integer call() throws Exception {
    StackConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      return refuse(e.getMessage());
    }
    if (config.refusal().isPresent()) {
      return refuse(config.refusal().get());
    }
    // the hook goes in first: Ctrl-C while things are still starting must close what has started
    StandaloneStack stack = new StandaloneStack();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("Opsmon: shutting down...");
                  stack.close();
                  if (writesClassArchiveAtExit()) {
                    System.err.println(
                        "Opsmon: stopped; saving the classes it loaded so that the next start is"
                            + " faster (once after each build, about 20 s)...");
                  }
                  stopped.countDown();
                },
                "opsmon-shutdown"));
    try {
      stack.startAll(config);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // a setting the cluster or the store refuses: the sentence says what to change, a stack
      // trace would bury it
      System.err.println("opsmon up: cannot start: " + e.getMessage());
      return 2;
    }
    System.out.println("Opsmon API: " + stack.apiUrl());
    System.out.flush();
    stopped.await();
    return 0;
  }

  /** Whether this JVM was asked (by ./opsmon) to write a class-data archive when it exits. */
  private static boolean writesClassArchiveAtExit() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .anyMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit"));
  }

  private int refuse(String why) {
    spec.commandLine().getErr().println("opsmon up: " + why);
    spec.commandLine().getErr().flush();
    return 2;
  }

  /**
   * Everything asked for, read and checked before anything starts.
   *
   * @throws IllegalArgumentException when a token file cannot be read or is empty
   */
  StackConfig config() throws java.io.IOException {
    return StackConfig.builder(dataDir)
        .apiHost(bind)
        .apiPort(apiPort)
        .rate(rate)
        .seed(seed)
        .webhookUrl(Optional.ofNullable(webhookUrl))
        .routingFile(Optional.ofNullable(routingFile))
        .kafkaBootstrap(Optional.ofNullable(kafkaBootstrap))
        .topics(
            new TopicSettings(
                partitions,
                replication,
                minInsync == null ? TopicSettings.defaultMinInsync(replication) : minInsync))
        .store(
            store == StoreSettings.Kind.INFLUXDB
                ? Optional.of(
                    StoreSettings.influxDb(influxUrl, influxToken, influxOrg, influxBucket))
                : Optional.empty())
        .ingest(ingestSettings())
        .dedupHorizon(Durations.parse(dedupHorizon))
        .checkpointInterval(Durations.parse(checkpointInterval))
        .minuteCloseCheckpoints(minuteCloseCheckpoints)
        .freshStart(freshStart)
        .parallelism(parallelism)
        .validatorThreads(validatorThreads)
        .rules(rules())
        .tokens(
            new ApiTokens(
                TokenSource.resolve(
                    "read-token",
                    Optional.ofNullable(readToken),
                    Optional.ofNullable(readTokenFile)),
                TokenSource.resolve(
                    "admin-token",
                    Optional.ofNullable(adminToken),
                    Optional.ofNullable(adminTokenFile))))
        .allowUnauthenticated(allowUnauthenticated)
        .allowedHosts(allowedHosts == null ? List.of() : allowedHosts)
        .build();
  }

  /** The rules file asked for, checked before anything starts. */
  private Optional<RuleSet> rules() throws java.io.IOException {
    if (rulesFile == null) {
      return Optional.empty();
    }
    return Optional.of(
        RulesFile.parse(
            java.nio.file.Files.readString(rulesFile, java.nio.charset.StandardCharsets.UTF_8),
            rulesFile.toString()));
  }

  private IngestSettings ingestSettings() {
    IngestSettings defaults = IngestSettings.defaults();
    return new IngestSettings(
        new ValidationRules(Durations.parse(maxClockSkew), defaults.rules().maxEventBytes()),
        defaults.maxBodyBytes(),
        TokenSource.resolve(
            "ingest-token", Optional.ofNullable(ingestToken), Optional.ofNullable(ingestTokenFile)),
        defaults.publishTimeout(),
        defaults.limits());
  }
}
