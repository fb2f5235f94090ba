package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.api.alerts.AlertCommands;
import com.opsmon.api.alerts.AlertsProjection;
import com.opsmon.api.overview.OverviewSettings;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.topics.Topics;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.KpiWriter;
import com.opsmon.store.StoreSettings;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/overview} over real HTTP on a real QuestDB and a real broker's alert topic:
 * headline values with their change against a day and a week before, firing alerts by severity (a
 * resolved one gone), and each source's watermark lag and silence.
 */
class OverviewApiIT {
  /** Yesterday, half past the hour: placed relative to the clock, never a fixed date. */
  private static final Instant NOW =
      Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS).plusSeconds(1800);

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Map<String, String> TOTAL = Map.of("region", "all", "channel", "all");
  private static final Map<String, String> ALL_SERVICES =
      Map.of("service", "all", "endpoint", "all", "region", "all");

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static EmbeddedQuestDb questDb;
  static KpiReader reader;
  static AlertsProjection alerts;
  static AlertCommands commands;
  static Javalin app;
  static final HttpClient http = HttpClient.newHttpClient();

  private static Instant ago(int minutes) {
    return NOW.minus(MINUTE.multipliedBy(minutes));
  }

  private static KpiPoint point(String kpi, Instant at, Map<String, String> tags, double value) {
    return new KpiPoint(kpi, at, MINUTE, tags, value);
  }

  private static Map<String, String> source(String source) {
    return Map.of("source", source, "region", "all");
  }

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createMonitorTopics(1);
    questDb = EmbeddedQuestDb.start(dir.resolve("questdb"));
    StoreSettings store = StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl());
    KpiStores.prepare(store);
    reader = KpiStores.reader(store);
    List<KpiPoint> points =
        List.of(
            point("orders", ago(3), TOTAL, 40),
            point("orders", ago(2), TOTAL, 50),
            point("orders", ago(2).minus(Duration.ofDays(1)), TOTAL, 40),
            point("orders", ago(2).minus(Duration.ofDays(7)), TOTAL, 100),
            // not the headline's series: a region's own value
            point("orders", ago(1), Map.of("region", "eu", "channel", "all"), 7),
            point("service_error_rate", ago(1), ALL_SERVICES, 0.02),
            point("service_error_rate", ago(1).minus(Duration.ofDays(7)), ALL_SERVICES, 0),
            point("watermark_lag", ago(2), source("orders"), 6.5),
            point("watermark_lag", ago(1), source("orders"), 7.5),
            point("watermark_lag", ago(1), source("inventory"), 3),
            point("events_in", ago(2), source("orders"), 35),
            point("events_in", ago(1), Map.of("source", "orders", "region", "eu"), 0),
            point("events_in", ago(20), source("inventory"), 3),
            point("events_in", ago(1), source("storefront"), 0));
    try (KpiWriter writer = KpiStores.writer(store)) {
      writer.write(points);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                reader.read(new KpiQuery("events_in", ago(30), NOW, Map.of("region", "all"))).size()
                    == 3);
    publish(
        alert("payments_down", Severity.CRITICAL, AlertState.FIRING, ago(5)),
        alert("orders_dropped", Severity.WARNING, AlertState.FIRING, ago(4)),
        alert("slow_search", Severity.WARNING, AlertState.ACKNOWLEDGED, ago(3)),
        alert("orders_dropped", Severity.WARNING, AlertState.RESOLVED, ago(4)),
        alert("checkout_slow", Severity.INFO, AlertState.PENDING, ago(1)));
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    alerts = new AlertsProjection(kafka.bootstrapServers(), 100, metrics).start();
    commands = AlertCommands.kafka(kafka.bootstrapServers());
    app =
        DashboardApi.create(
                ApiContext.builder(reader, metrics, Clock.fixed(NOW, ZoneOffset.UTC))
                    .alerts(alerts, commands)
                    .build())
            .start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.stop();
    }
    if (alerts != null) {
      alerts.close();
    }
    if (commands != null) {
      commands.close();
    }
    if (reader != null) {
      reader.close();
    }
    if (questDb != null) {
      questDb.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static AlertView alert(
      String rule, Severity severity, AlertState state, Instant startsAt) {
    AlertSignal signal =
        new AlertSignal(
            rule,
            Map.of("region", "eu"),
            state == AlertState.RESOLVED ? AlertStatus.RESOLVED : AlertStatus.FIRING,
            severity,
            rule + " in eu",
            1.0,
            "> 0",
            startsAt,
            state == AlertState.RESOLVED ? NOW : null,
            null);
    return new AlertView(signal.fingerprint(), state, signal, null, NOW, List.of());
  }

  /** Writes alert states as the alert manager does: the newest per fingerprint, compacted. */
  private static void publish(AlertView... views) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            Topics.ALERT_STATE.keySerde().serializer(),
            Topics.ALERT_STATE.valueSerde().serializer())) {
      for (AlertView v : views) {
        producer.send(new ProducerRecord<>(Topics.ALERT_STATE.name(), v.fingerprint(), v)).get();
      }
    }
  }

  private static JsonNode overview() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/api/v1/overview"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.mapper().readTree(response.body());
  }

  private static JsonNode headline(JsonNode overview, String kpi) {
    for (JsonNode h : overview.get("headlines")) {
      if (h.get("kpi").asText().equals(kpi)) {
        return h;
      }
    }
    throw new AssertionError("no headline " + kpi);
  }

  @Test
  void shouldShowEachHeadlineWithItsChangeAgainstADayAndAWeekBefore() throws Exception {
    JsonNode overview = overview();

    assertThat(overview.get("at").asText()).isEqualTo(NOW.toString());
    assertThat(overview.get("headlines"))
        .extracting(h -> h.get("kpi").asText())
        .containsExactlyElementsOf(
            OverviewSettings.DEFAULTS.headlines().stream()
                .map(OverviewSettings.Headline::kpi)
                .toList());
    JsonNode orders = headline(overview, "orders");
    assertThat(orders.get("time").asText()).isEqualTo(ago(2).toString());
    assertThat(orders.get("value").asDouble()).isEqualTo(50);
    assertThat(orders.get("sparkline")).extracting(JsonNode::asDouble).containsExactly(40.0, 50.0);
    assertThat(orders.get("yesterday").get("value").asDouble()).isEqualTo(40);
    assertThat(orders.get("yesterday").get("delta").asDouble()).isEqualTo(10);
    assertThat(orders.get("yesterday").get("ratio").asDouble()).isEqualTo(0.25);
    assertThat(orders.get("lastWeek").get("time").asText())
        .isEqualTo(ago(2).minus(Duration.ofDays(7)).toString());
    assertThat(orders.get("lastWeek").get("ratio").asDouble()).isEqualTo(-0.5);

    JsonNode errors = headline(overview, "service_error_rate");
    assertThat(errors.get("value").asDouble()).isEqualTo(0.02);
    assertThat(errors.get("yesterday").isNull()).isTrue();
    assertThat(errors.get("lastWeek").get("delta").asDouble()).isEqualTo(0.02);
    assertThat(errors.get("lastWeek").get("ratio").isNull()).as("no ratio to a zero").isTrue();

    JsonNode conversion = headline(overview, "conversion");
    assertThat(conversion.get("value").isNull()).isTrue();
    assertThat(conversion.get("sparkline")).isEmpty();
  }

  @Test
  void shouldCountActiveAlertsBySeverityLeavingOutResolvedAndPendingOnes() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(overview().get("alerts").get("active")).hasSize(2));
    JsonNode alertsNow = overview().get("alerts");

    assertThat(alertsNow.get("known").asBoolean()).isTrue();
    assertThat(alertsNow.get("bySeverity").toString())
        .isEqualTo("{\"critical\":1,\"warning\":1,\"info\":0}");
    assertThat(alertsNow.get("active"))
        .extracting(
            a ->
                a.get("rule").asText()
                    + "/"
                    + a.get("severity").asText()
                    + "/"
                    + a.get("state").asText())
        .containsExactly("payments_down/critical/firing", "slow_search/warning/acknowledged");
    assertThat(alertsNow.get("active").get(0).get("labels").toString())
        .isEqualTo("{\"region\":\"eu\"}");

    publish(alert("payments_down", Severity.CRITICAL, AlertState.RESOLVED, ago(5)));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(overview().get("alerts").get("bySeverity").get("critical").asInt())
                    .isZero());
  }

  @Test
  void shouldShowEachSourcesLagAndWhichWentSilent() throws Exception {
    JsonNode health = overview().get("dataHealth");

    assertThat(health.get("sources"))
        .extracting(
            s ->
                s.get("source").asText()
                    + " lag="
                    + s.get("watermarkLagSeconds").asText()
                    + " last="
                    + s.get("lastEventsAt").asText()
                    + " silent="
                    + s.get("silent").asBoolean())
        .containsExactly(
            "orders lag=7.5 last=" + ago(1) + " silent=false",
            "inventory lag=3 last=" + ago(19) + " silent=true",
            "service lag=null last=null silent=true",
            "storefront lag=null last=null silent=true");
    assertThat(health.get("silent"))
        .extracting(JsonNode::asText)
        .containsExactly("inventory", "service", "storefront");
  }

  @Test
  void shouldSayAlertsAreUnknownWhenTheApiReadsNoAlertTopic() {
    OverviewSettings one =
        new OverviewSettings(
            List.of(OverviewSettings.Headline.total(KpiCatalog.ORDERS)),
            Duration.ofMinutes(10),
            List.of(),
            Duration.ofMinutes(5));
    Javalin bare =
        DashboardApi.create(
                ApiContext.builder(
                        reader,
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        Clock.fixed(NOW, ZoneOffset.UTC))
                    .overview(one)
                    .build())
            .start("127.0.0.1", 0);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + bare.port() + "/api/v1/overview"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = Json.mapper().readTree(response.body());

      assertThat(body.get("alerts").get("known").asBoolean()).isFalse();
      assertThat(body.get("headlines")).hasSize(1);
      assertThat(body.get("dataHealth").get("silent"))
          .extracting(JsonNode::asText)
          .containsExactly("inventory");
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      bare.stop();
    }
  }
}
