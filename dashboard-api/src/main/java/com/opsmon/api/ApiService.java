package com.opsmon.api;

import com.opsmon.api.alerts.AlertCommands;
import com.opsmon.api.alerts.AlertsProjection;
import com.opsmon.api.deadletters.RecentDeadLetters;
import com.opsmon.api.http.AllowedHosts;
import com.opsmon.api.stream.LiveStream;
import com.opsmon.api.stream.StreamSettings;
import com.opsmon.model.config.Flags;
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
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API as a service of its own (cluster deployment): {@code --kafka-bootstrap HOST:PORT --store
 * influxdb --influx-url URL --influx-token T --influx-org O --influx-bucket B [--port 8080]}. It
 * also loads KPI points from the kpis topic into the store ({@link StoreLoader}); instances share
 * that work through their consumer group.
 */
public final class ApiService {
  /** How many of the newest dead letters {@code GET /api/v1/dlq} can show. */
  public static final int RECENT_DEAD_LETTERS = 10_000;

  /** How many of the newest notification-log entries {@code GET /api/v1/notifications} can show. */
  public static final int RECENT_NOTIFICATIONS = 10_000;

  private ApiService() {}

  public static void main(String[] args) {
    Flags flags = Flags.parse(args);
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
                .adminToken(flags.get("admin-token"))
                .allowedHosts(
                    AllowedHosts.of(
                        java.util.Arrays.asList(flags.get("allowed-hosts", "").split(","))))
                .build());
    app.start(flags.get("host", "0.0.0.0"), flags.getInt("port", 8080));
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
