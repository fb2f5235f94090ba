package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.model.json.Json;
import com.opsmon.model.rules.RulesRepository;
import com.opsmon.store.KpiStores;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET/PUT /api/v1/rules} over real HTTP, with the rules topic on a real broker: changes need
 * the admin token, a bad file changes nothing and says where it is wrong, and a page of another
 * site cannot replace the rules even with the token.
 */
class RulesApiIT {
  private static final String TOKEN = "admin-secret";
  private static final String RULES =
      """
      rules:
        - name: few_orders
          kpi: orders
          severity: warning
          threshold: {below: 1}
        - name: payments_failing
          kpi: payment_failure_rate
          where: {region: "*"}
          severity: critical
          min_volume: {kpi: orders, at_least: 5}
          threshold: {above: 0.5, for: 3m}
      """;

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static EmbeddedQuestDb questDb;
  static Javalin app;
  static PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createMonitorTopics(1);
    questDb = EmbeddedQuestDb.start(dir.resolve("questdb"));
    StoreSettings store = StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl());
    KpiStores.prepare(store);
    ApiContext context =
        ApiContext.builder(KpiStores.reader(store), metrics, Clock.systemUTC())
            .rules(RulesRepository.kafka(kafka.bootstrapServers(), Clock.systemUTC()))
            .adminToken(Optional.of(TOKEN))
            .build();
    app = DashboardApi.create(context).start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.stop();
    }
    if (questDb != null) {
      questDb.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldPublishRulesOnlyWithTheTokenAndShowThem() throws Exception {
    assertThat(put(RULES, Map.of()).statusCode()).isEqualTo(401);

    HttpResponse<String> published = put(RULES, Map.of("Authorization", "Bearer " + TOKEN));

    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    String version = Json.mapper().readTree(published.body()).get("version").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> shown = get("/api/v1/rules");
              assertThat(shown.statusCode()).isEqualTo(200);
              JsonNode body = Json.mapper().readTree(shown.body());
              assertThat(body.get("version").asText()).isEqualTo(version);
              assertThat(body.get("rules").get(0).get("name").asText()).isEqualTo("few_orders");
              assertThat(body.get("rules").get(0).has("minVolume")).isFalse();
              assertThat(body.get("rules").get(1).get("minVolume").get("kpi").asText())
                  .isEqualTo("orders");
              assertThat(body.get("rules").get(1).get("minVolume").get("atLeast").asDouble())
                  .isEqualTo(5.0);
              assertThat(body.get("source").asText()).isEqualTo(RULES);
            });
  }

  @Test
  void shouldRefuseABadFileSayingWhereItIsWrong() throws Exception {
    HttpResponse<String> refused =
        put(
            """
            rules:
              - name: broken
                kpi: no_such_kpi
                threshold: {above: 1}
            """,
            Map.of("Authorization", "Bearer " + TOKEN));

    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode body = Json.mapper().readTree(refused.body());
    assertThat(body.get("error").asText()).contains("nothing was applied");
    assertThat(body.get("problems").get(0).get("line").asInt()).isEqualTo(3);
    assertThat(body.get("problems").get(0).get("message").asText()).contains("no_such_kpi");
  }

  @Test
  void shouldRefuseAPageOfAnotherSiteEvenWithTheToken() throws Exception {
    double before = refusedCrossSite();

    HttpResponse<String> forged =
        put(
            RULES,
            Map.of(
                "Authorization",
                "Bearer " + TOKEN,
                "Origin",
                "https://evil.example",
                "Sec-Fetch-Site",
                "cross-site"));

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("cross-site");
    assertThat(refusedCrossSite()).isEqualTo(before + 1);
    assertThat(get("/metrics").body())
        .contains("opsmon_api_requests_refused_total{cause=\"cross_site\"}");
  }

  private static double refusedCrossSite() {
    return metrics.get("opsmon.api.requests.refused").tag("cause", "cross_site").counter().count();
  }

  private static HttpResponse<String> put(String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base().resolve("/api/v1/rules"))
            .header("Content-Type", "application/yaml")
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI base() {
    return URI.create("http://127.0.0.1:" + app.port());
  }
}
