package com.opsmon.api;

import com.opsmon.api.alerts.AlertCommands;
import com.opsmon.api.alerts.AlertsProjection;
import com.opsmon.api.deadletters.RecentDeadLetters;
import com.opsmon.api.http.AllowedHosts;
import com.opsmon.api.security.ApiTokens;
import com.opsmon.api.security.Exposure;
import com.opsmon.api.stream.LiveStream;
import com.opsmon.api.stream.StreamSettings;
import com.opsmon.model.config.Flags;
import com.opsmon.model.config.TokenSource;
import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.health.HealthCheck;
import com.opsmon.model.rules.RulesRepository;
import com.opsmon.model.topics.KafkaAdmin;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.StoreSettings;
import com.opsmon.store.loader.StoreLoader;
import com.opsmon.store.loader.StoreLoaderConfig;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The API as a service of its own (cluster deployment): {@code --kafka-bootstrap HOST:PORT --store
 * influxdb --influx-url URL --influx-token T --influx-org O --influx-bucket B [--host 0.0.0.0]
 * [--port 8080] [--read-token T | --read-token-file F] [--admin-token T | --admin-token-file F]
 * [--allow-unauthenticated]}. It refuses to listen beyond loopback without both tokens ({@link
 * Exposure}). It also loads KPI points from the kpis topic into the store ({@link StoreLoader});
 * instances share that work through their consumer group.
 */
public final class ApiService {
  /** How many of the newest dead letters {@code GET /api/v1/dlq} can show. */
  public static final int RECENT_DEAD_LETTERS = 10_000;

  /** How many of the newest notification-log entries {@code GET /api/v1/notifications} can show. */
  public static final int RECENT_NOTIFICATIONS = 10_000;

  private ApiService() {}

  /**
   * Where the service listens and who it lets in, read once from flags and the environment.
   *
   * @param allowUnauthenticated listen beyond loopback without tokens: something in front
   *     authenticates
   */
  public record Listening(String host, int port, ApiTokens tokens, boolean allowUnauthenticated) {
    /**
     * Reads {@code --host --port --read-token[-file] --admin-token[-file] --allow-unauthenticated}.
     *
     * @throws IllegalArgumentException when a token file cannot be read or is empty
     */
    public static Listening fromFlags(Flags flags) {
      return new Listening(
          flags.get("host", "0.0.0.0"),
          flags.getInt("port", 8080),
          new ApiTokens(token(flags, "read-token"), token(flags, "admin-token")),
          flags.get("allow-unauthenticated").map(Boolean::parseBoolean).orElse(false));
    }

    private static Optional<String> token(Flags flags, String name) {
      return TokenSource.resolve(name, flags.get(name), flags.get(name + "-file").map(Path::of));
    }

    /** Why the service must not start as configured; empty when it may. */
    public Optional<String> refusal() {
      return Exposure.refusal(host, tokens, allowUnauthenticated);
    }
  }

  public static void main(String[] args) {
    Flags flags = Flags.parse(args);
    Listening listening = Listening.fromFlags(flags);
    if (listening.refusal().isPresent()) {
      System.err.println("opsmon api: " + listening.refusal().get());
      System.exit(2);
    }
    StoreSettings store = StoreSettings.fromFlags(flags, StoreSettings.Kind.INFLUXDB);
    KafkaAdmin kafka = new KafkaAdmin(flags.require("kafka-bootstrap"));
    KpiReader reader = KpiStores.reader(store);
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    StoreLoader loader = StoreLoader.start(StoreLoaderConfig.fromFlags(flags, store), metrics);
    Map<String, HealthCheck> health = new LinkedHashMap<>();
    health.put("kafka", kafka::health);
    health.put(
        "store",
        () -> {
          reader.ping();
          return ComponentHealth.up(store.kind().name().toLowerCase());
        });
    health.put("store-loader", loader::health);
    RecentDeadLetters deadLetters =
        new RecentDeadLetters(flags.require("kafka-bootstrap"), RECENT_DEAD_LETTERS).start();
    AlertsProjection alerts =
        new AlertsProjection(flags.require("kafka-bootstrap"), RECENT_NOTIFICATIONS, metrics)
            .start();
    AlertCommands commands = AlertCommands.kafka(flags.require("kafka-bootstrap"));
    LiveStream live = LiveStream.start(flags.require("kafka-bootstrap"), StreamSettings.DEFAULTS);
    Javalin app =
        DashboardApi.create(
            ApiContext.builder(reader, metrics, Clock.systemUTC())
                .health(health)
                .deadLetters(deadLetters)
                .stream(live)
                .rules(RulesRepository.kafka(flags.require("kafka-bootstrap"), Clock.systemUTC()))
                .alerts(alerts, commands)
                .tokens(listening.tokens())
                .allowedHosts(
                    AllowedHosts.of(
                        java.util.Arrays.asList(flags.get("allowed-hosts", "").split(","))))
                .build());
    app.start(listening.host(), listening.port());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.stop();
                  loader.close();
                  deadLetters.close();
                  live.close();
                  alerts.close();
                  commands.close();
                  reader.close();
                  kafka.close();
                }));
  }
}
