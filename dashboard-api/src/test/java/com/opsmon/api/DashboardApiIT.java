package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.api.http.AllowedHosts;
import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.health.HealthCheck;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.KpiWriter;
import com.opsmon.store.StoreSettings;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over a real QuestDB store, through real HTTP on a free port. */
class DashboardApiIT {
  /** Yesterday on the hour: placed relative to the clock, never a fixed date. */
  private static final Instant T0 =
      Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);

  private static final Instant NOW = T0.plus(Duration.ofMinutes(30));
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static Instant minute(int m) {
    return T0.plus(MINUTE.multipliedBy(m));
  }

  @TempDir static Path dir;
  static EmbeddedQuestDb questDb;
  static KpiReader reader;
  static PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @BeforeAll
  static void start() {
    questDb = EmbeddedQuestDb.start(dir);
    StoreSettings store = StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl());
    KpiStores.prepare(store);
    reader = KpiStores.reader(store);
    try (KpiWriter writer = KpiStores.writer(store)) {
      writer.write(
          List.of(
              point("orders", 3, Map.of("region", "us", "channel", "all"), 4),
              point("orders", 3, Map.of("region", "eu", "channel", "all"), 12),
              point("orders", 1, Map.of("region", "eu", "channel", "all"), 7),
              point("orders", 1, Map.of("region", "eu", "channel", "web"), 5),
              new KpiPoint(
                  "orders",
                  T0,
                  Duration.ofMinutes(5),
                  Map.of("region", "eu", "channel", "all"),
                  19),
              point(
                  "revenue",
                  1,
                  Map.of("region", "eu", "channel", "all", "currency", "EUR"),
                  70.5)));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> reader.read(new KpiQuery("orders", T0, NOW, Map.of())).size() == 4);
  }

  @AfterAll
  static void stop() {
    reader.close();
    questDb.close();
  }

  private static KpiPoint point(String kpi, int minute, Map<String, String> tags, double value) {
    return new KpiPoint(kpi, T0.plus(MINUTE.multipliedBy(minute)), MINUTE, tags, value);
  }

  private static Javalin app(Map<String, HealthCheck> health) {
    return DashboardApi.create(
        ApiContext.builder(reader, metrics, Clock.fixed(NOW, ZoneOffset.UTC))
            .health(health)
            .build());
  }

  private static Javalin app() {
    return app(Map.of("store", () -> ComponentHealth.up("answers")));
  }

  private static JsonNode json(Response response) throws Exception {
    return Json.mapper().readTree(response.body().string());
  }

  @Test
  void shouldServeAKpiSeriesInTimeOrderWithWindowStartsAndTags() {
    JavalinTest.test(
        app(),
        (server, client) -> {
          Response response =
              client.get("/api/v1/kpis/orders?from=" + T0 + "&to=" + minute(10) + "&region=*");

          assertThat(response.code()).isEqualTo(200);
          assertThat(response.body().string())
              .isEqualTo(
                  "{\"kpi\":\"orders\",\"window\":\"PT1M\",\"points\":["
                      + "{\"time\":\""
                      + minute(1)
                      + "\",\"tags\":{\"channel\":\"all\",\"region\":\"eu\"},\"value\":7.0},"
                      + "{\"time\":\""
                      + minute(3)
                      + "\",\"tags\":{\"channel\":\"all\",\"region\":\"eu\"},\"value\":12.0},"
                      + "{\"time\":\""
                      + minute(3)
                      + "\",\"tags\":{\"channel\":\"all\",\"region\":\"us\"},\"value\":4.0}]}");
        });
  }

  @Test
  void shouldFilterByTagAndDefaultToTheLastHour() {
    JavalinTest.test(
        app(),
        (server, client) -> {
          JsonNode eu = json(client.get("/api/v1/kpis/orders?region=eu"));
          JsonNode revenue = json(client.get("/api/v1/kpis/revenue?region=eu&currency=EUR"));

          assertThat(eu.get("points"))
              .extracting(p -> p.get("value").asDouble())
              .containsExactly(7.0, 12.0);
          assertThat(revenue.get("points").get(0).get("tags"))
              .isEqualTo(
                  Json.mapper()
                      .readTree("{\"channel\":\"all\",\"currency\":\"EUR\",\"region\":\"eu\"}"));
        });
  }

  @Test
  void shouldAnswer400WithAMessageForBadParameters() {
    JavalinTest.test(
        app(),
        (server, client) -> {
          Response badTime = client.get("/api/v1/kpis/orders?from=yesterday");
          Response reversed = client.get("/api/v1/kpis/orders?from=" + minute(10) + "&to=" + T0);
          Response unknownTag = client.get("/api/v1/kpis/orders?warehouse=ams-1");
          Response tooLong =
              client.get("/api/v1/kpis/orders?from=" + T0.minus(Duration.ofDays(400)));
          Response farFuture = client.get("/api/v1/kpis/orders?to=%2B1000000000-01-01T00:00:00Z");

          assertThat(badTime.code()).isEqualTo(400);
          assertThat(json(badTime).get("error").asText())
              .isEqualTo("'from' must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
          assertThat(reversed.code()).isEqualTo(400);
          assertThat(json(reversed).get("error").asText()).contains("must be before");
          assertThat(unknownTag.code()).isEqualTo(400);
          assertThat(json(unknownTag).get("error").asText())
              .isEqualTo("'warehouse' is not a tag of orders; its tags are [region, channel]");
          assertThat(tooLong.code()).isEqualTo(400);
          assertThat(farFuture.code()).isEqualTo(400);
          assertThat(json(farFuture).get("error").asText()).contains("'to' must lie between");
        });
  }

  @Test
  void shouldServeTheAskedWindowAndEveryValueOfATagGivenAsAStar() {
    JavalinTest.test(
        app(),
        (server, client) -> {
          JsonNode fiveMinutes = json(client.get("/api/v1/kpis/orders?region=eu&window=PT5M"));
          JsonNode everyChannel = json(client.get("/api/v1/kpis/orders?region=eu&channel=*"));
          Response twoMinutes = client.get("/api/v1/kpis/orders?window=PT2M");

          assertThat(fiveMinutes.get("window").asText()).isEqualTo("PT5M");
          assertThat(fiveMinutes.get("points"))
              .extracting(p -> p.get("value").asDouble())
              .containsExactly(19.0);
          assertThat(everyChannel.get("points"))
              .extracting(p -> p.get("tags").get("channel").asText() + "=" + p.get("value").asInt())
              .containsExactly("all=7", "web=5", "all=12");
          assertThat(twoMinutes.code()).isEqualTo(400);
          assertThat(json(twoMinutes).get("error").asText())
              .isEqualTo("'window' orders is computed for the windows [PT1M, PT5M, PT15M, PT1H]");
        });
  }

  @Test
  void shouldAnswer404ForAnUnknownKpiAndListTheCatalog() {
    JavalinTest.test(
        app(),
        (server, client) -> {
          Response unknown = client.get("/api/v1/kpis/teleports");
          JsonNode catalog = json(client.get("/api/v1/kpis"));

          assertThat(unknown.code()).isEqualTo(404);
          assertThat(json(unknown).get("error").asText())
              .startsWith("unknown KPI 'teleports'; known: orders, revenue, avg_order_value");
          assertThat(catalog.get("kpis"))
              .extracting(k -> k.get("name").asText())
              .containsExactlyElementsOf(
                  KpiCatalog.all().stream().map(KpiDefinition::name).toList());
          JsonNode orders = catalog.get("kpis").get(0);
          assertThat(orders.get("unit").asText()).isEqualTo("orders");
          assertThat(orders.get("tags"))
              .extracting(JsonNode::asText)
              .containsExactly("region", "channel");
          assertThat(orders.get("windows"))
              .extracting(JsonNode::asText)
              .containsExactly("PT1M", "PT5M", "PT15M", "PT1H");
        });
  }

  @Test
  void shouldReportEachComponentAndAnswer503WhenOneIsDown() {
    Map<String, HealthCheck> checks = new LinkedHashMap<>();
    checks.put("kafka", () -> ComponentHealth.up("1 broker"));
    checks.put(
        "store",
        () -> {
          throw new IllegalStateException("connection refused");
        });

    JavalinTest.test(
        app(checks),
        (server, client) -> {
          Response response = client.get("/health");

          assertThat(response.code()).isEqualTo(503);
          assertThat(response.body().string())
              .isEqualTo(
                  "{\"status\":\"DOWN\",\"components\":{\"kafka\":{\"status\":\"UP\",\"detail\":\"1 broker\"},"
                      + "\"store\":{\"status\":\"DOWN\",\"detail\":\"connection refused\"}}}");
        });
    JavalinTest.test(
        app(), (server, client) -> assertThat(client.get("/health").code()).isEqualTo(200));
  }

  @Test
  void shouldExposeMetricsInPrometheusFormat() {
    Counter.builder("opsmon.test.events").register(metrics).increment(3);

    JavalinTest.test(
        app(),
        (server, client) -> {
          Response response = client.get("/metrics");

          assertThat(response.code()).isEqualTo(200);
          assertThat(response.body().string()).contains("opsmon_test_events_total 3.0");
        });
  }

  @Test
  void shouldAnswerARepeatedQueryFromMemoryAndShowANewPointWithinASecond() throws Exception {
    // after NOW and after every other test's range: the point written here is seen by no other
    String query = "/api/v1/kpis/orders?from=" + minute(40) + "&to=" + minute(50) + "&region=jp";
    // a registry of its own: the other tests' APIs registered their caches' meters in the shared
    // one
    PrometheusMeterRegistry ownMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JavalinTest.test(
        DashboardApi.create(
            ApiContext.builder(reader, ownMetrics, Clock.fixed(NOW, ZoneOffset.UTC)).build()),
        (server, client) -> {
          assertThat(json(client.get(query)).get("points")).isEmpty();
          assertThat(json(client.get(query)).get("points")).isEmpty();
          try (KpiWriter writer =
              KpiStores.writer(StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl()))) {
            writer.write(List.of(point("orders", 45, Map.of("region", "jp", "channel", "all"), 2)));
          }

          await()
              .atMost(Duration.ofSeconds(30))
              .untilAsserted(() -> assertThat(json(client.get(query)).get("points")).hasSize(1));
          String scrape = client.get("/metrics").body().string();
          assertThat(scrape)
              .containsPattern(
                  "cache_gets_total\\{cache=\"opsmon.api.series\",result=\"hit\"\\} [1-9]");
        });
  }

  @Test
  void shouldRefuseAHostNameItWasNotToldAboutAgainstDnsRebinding() {
    Javalin app =
        DashboardApi.create(
            ApiContext.builder(reader, metrics, Clock.fixed(NOW, ZoneOffset.UTC))
                .health(Map.of("store", () -> ComponentHealth.up("answers")))
                .allowedHosts(AllowedHosts.of(List.of("opsmon.example.com")))
                .build());

    JavalinTest.test(
        app,
        (server, client) -> {
          // a browser sends the name in the address bar; java.net.http will not forge it
          String rebound = rawGet(server.port(), "attacker.example:8080");
          assertThat(rebound).startsWith("HTTP/1.1 421").contains("does not answer to that host");
          assertThat(rawGet(server.port(), "opsmon.example.com")).startsWith("HTTP/1.1 200");
          assertThat(client.get("/api/v1/kpis").code()).isEqualTo(200);
          assertThat(client.get("/metrics").body().string())
              .containsPattern(
                  "opsmon_api_requests_refused_total\\{cause=\"host_not_allowed\"[^}]*\\} 1");
        });
  }

  private static String rawGet(int port, String host) throws java.io.IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /api/v1/kpis HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
