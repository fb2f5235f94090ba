package com.opsmon.launcher.stack;

import com.opsmon.api.security.ApiTokens;
import com.opsmon.api.security.Exposure;
import com.opsmon.ingest.IngestService;
import com.opsmon.ingest.http.IngestSettings;
import com.opsmon.jobs.StreamJobsConfig;
import com.opsmon.model.rules.RuleSet;
import com.opsmon.model.secrets.Redaction;
import com.opsmon.model.topics.TopicSettings;
import com.opsmon.store.StoreSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the standalone monitor is started with, read once from the command line.
 *
 * @param kafkaBootstrap an existing cluster to use; empty starts the in-process broker
 * @param store a store of the user's (InfluxDB, or a QuestDB of their own) instead of the embedded
 *     QuestDB
 * @param rate simulated events per second; 0 turns the simulator off
 * @param topics partitions, replicas and {@code min.insync.replicas} of each topic the monitor
 *     creates (one replica for the in-process broker), checked against the cluster at start
 * @param parallelism of the stream jobs (slots of the local Flink): at most the partitions are busy
 * @param minuteCloseCheckpoints also checkpoint just after each minute closes on the clock, so its
 *     KPIs and alert signals are committed without waiting for the periodic checkpoint
 * @param validatorThreads Kafka Streams threads of the ingest validator, likewise
 * @param freshStart set aside the stream jobs' saved state and start them afresh
 * @param brokerSettings settings of the in-process broker on top of its defaults
 * @param rules alert rules to publish at start; empty keeps those in force (the default rules on a
 *     first start)
 * @param apiHost the address the API listens on (loopback unless asked otherwise)
 * @param tokens guard the API's reading (read token) and changes (admin token) when set
 * @param allowUnauthenticated let the API listen beyond loopback without every token: something in
 *     front authenticates
 * @param allowedHosts host names the API answers to besides IP addresses and {@code localhost}
 * @param routingFile the alert manager's routing file; empty: one webhook receiver when {@code
 *     webhookUrl} is given
 */
public record StackConfig(
    String apiHost,
    int apiPort,
    Path dataDir,
    double rate,
    long seed,
    Optional<URI> webhookUrl,
    Optional<String> kafkaBootstrap,
    Optional<StoreSettings> store,
    TopicSettings topics,
    IngestSettings ingest,
    Duration dedupHorizon,
    Duration allowedLateness,
    Duration outOfOrderness,
    Duration idleTimeout,
    Duration checkpointInterval,
    boolean minuteCloseCheckpoints,
    int parallelism,
    int validatorThreads,
    boolean freshStart,
    Map<String, String> brokerSettings,
    Optional<RuleSet> rules,
    ApiTokens tokens,
    boolean allowUnauthenticated,
    List<String> allowedHosts,
    Optional<Path> routingFile) {

  /**
   * Why the monitor must not start as configured: its API (which also takes in events) would listen
   * beyond loopback without every token. Empty when it may start.
   */
  public Optional<String> refusal() {
    return Exposure.refusal(apiHost, tokens, ingest.bearerToken(), allowUnauthenticated);
  }

  /**
   * Safe to log: the webhook URL and store addresses cut to their host, the tokens only said to be
   * set.
   */
  @Override
  public String toString() {
    return Redaction.urls(
        "StackConfig[api="
            + apiHost
            + ":"
            + apiPort
            + ", dataDir="
            + dataDir
            + ", rate="
            + rate
            + ", seed="
            + seed
            + ", webhookUrl="
            + webhookUrl.map(URI::toString).orElse("(none)")
            + ", kafkaBootstrap="
            + kafkaBootstrap.orElse("(in-process)")
            + ", store="
            + store.map(StoreSettings::toString).orElse("(embedded)")
            + ", topics="
            + topics
            + ", ingest="
            + ingest
            + ", tokens="
            + tokens
            + ", allowUnauthenticated="
            + allowUnauthenticated
            + ", allowedHosts="
            + allowedHosts
            + ", routingFile="
            + routingFile.map(Path::toString).orElse("(none)")
            + "]");
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** Starts from the embedded defaults, as {@code ./opsmon up} with no options uses them. */
  public static final class Builder {
    private String apiHost = "127.0.0.1";
    private int apiPort = 8080;
    private final Path dataDir;
    private double rate = 200;
    private long seed = 1;
    private Optional<URI> webhookUrl = Optional.empty();
    private Optional<String> kafkaBootstrap = Optional.empty();
    private Optional<StoreSettings> store = Optional.empty();
    private TopicSettings topics = TopicSettings.singleBroker(1);
    private IngestSettings ingest = IngestSettings.defaults();
    private Duration dedupHorizon = IngestService.Config.DEFAULT_DEDUP_HORIZON;
    private Duration allowedLateness = StreamJobsConfig.DEFAULT_ALLOWED_LATENESS;
    private Duration outOfOrderness = StreamJobsConfig.DEFAULT_OUT_OF_ORDERNESS;
    private Duration idleTimeout = StreamJobsConfig.DEFAULT_IDLE_TIMEOUT;
    private Duration checkpointInterval = StreamJobsConfig.DEFAULT_CHECKPOINT_INTERVAL;
    private boolean minuteCloseCheckpoints = true;
    private int parallelism = 1;
    private int validatorThreads = 1;
    private boolean freshStart;
    private Map<String, String> brokerSettings = Map.of();
    private Optional<RuleSet> rules = Optional.empty();
    private ApiTokens tokens = ApiTokens.NONE;
    private boolean allowUnauthenticated;
    private List<String> allowedHosts = List.of();
    private Optional<Path> routingFile = Optional.empty();

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    public Builder apiHost(String host) {
      this.apiHost = host;
      return this;
    }

    public Builder apiPort(int port) {
      this.apiPort = port;
      return this;
    }

    public Builder rate(double eventsPerSecond) {
      this.rate = eventsPerSecond;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder webhookUrl(Optional<URI> url) {
      this.webhookUrl = url;
      return this;
    }

    public Builder kafkaBootstrap(Optional<String> bootstrap) {
      this.kafkaBootstrap = bootstrap;
      return this;
    }

    public Builder store(Optional<StoreSettings> store) {
      this.store = store;
      return this;
    }

    public Builder topics(TopicSettings topics) {
      this.topics = topics;
      return this;
    }

    public Builder ingest(IngestSettings ingest) {
      this.ingest = ingest;
      return this;
    }

    public Builder dedupHorizon(Duration horizon) {
      this.dedupHorizon = horizon;
      return this;
    }

    public Builder allowedLateness(Duration lateness) {
      this.allowedLateness = lateness;
      return this;
    }

    public Builder outOfOrderness(Duration d) {
      this.outOfOrderness = d;
      return this;
    }

    public Builder idleTimeout(Duration d) {
      this.idleTimeout = d;
      return this;
    }

    public Builder checkpointInterval(Duration d) {
      this.checkpointInterval = d;
      return this;
    }

    public Builder minuteCloseCheckpoints(boolean on) {
      this.minuteCloseCheckpoints = on;
      return this;
    }

    public Builder parallelism(int n) {
      this.parallelism = n;
      return this;
    }

    public Builder validatorThreads(int n) {
      this.validatorThreads = n;
      return this;
    }

    public Builder freshStart(boolean fresh) {
      this.freshStart = fresh;
      return this;
    }

    public Builder brokerSettings(Map<String, String> settings) {
      this.brokerSettings = Map.copyOf(settings);
      return this;
    }

    public Builder rules(Optional<RuleSet> rules) {
      this.rules = rules;
      return this;
    }

    public Builder tokens(ApiTokens tokens) {
      this.tokens = tokens;
      return this;
    }

    public Builder allowUnauthenticated(boolean allow) {
      this.allowUnauthenticated = allow;
      return this;
    }

    public Builder allowedHosts(List<String> hosts) {
      this.allowedHosts = List.copyOf(hosts);
      return this;
    }

    public Builder routingFile(Optional<Path> file) {
      this.routingFile = file;
      return this;
    }

    public StackConfig build() {
      return new StackConfig(
          apiHost,
          apiPort,
          dataDir,
          rate,
          seed,
          webhookUrl,
          kafkaBootstrap,
          store,
          topics,
          ingest,
          dedupHorizon,
          allowedLateness,
          outOfOrderness,
          idleTimeout,
          checkpointInterval,
          minuteCloseCheckpoints,
          parallelism,
          validatorThreads,
          freshStart,
          brokerSettings,
          rules,
          tokens,
          allowUnauthenticated,
          allowedHosts,
          routingFile);
    }
  }
}
