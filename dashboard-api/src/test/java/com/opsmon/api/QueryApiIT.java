package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.embedded.EmbeddedQuestDb;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import com.opsmon.store.KpiStores;
import com.opsmon.store.KpiWriter;
import com.opsmon.store.StoreSettings;
import com.opsmon.store.query.QueryLimits;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/query} over real HTTP (a server on a free loopback port) on a real embedded
 * QuestDB: JSON and CSV answers, 400s that say what to change, a body too large, and a store that
 * stalls past the time limit. The answers of both stores to the same queries are compared in the
 * store module ({@code AdHocQueryContract}).
 */
class QueryApiIT {
  /** Yesterday on the hour: placed relative to the clock, never a fixed date. */
  private static final Instant T0 =
      Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);

  private static final Instant NOW = T0.plus(Duration.ofHours(1));
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /**
   * A region with a quote, a semicolon and non-Latin letters, which both forms must keep.
   * (QuestDB's line protocol writer refuses tag values holding a comma or a double quote, so CSV
   * quoting is QueryCsvTest's.)
   */
  private static final String ODD_REGION = "o'hare; zürich-東京";

  @TempDir static Path dir;
  static EmbeddedQuestDb questDb;
  static KpiReader reader;
  static Javalin app;
  static PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    questDb = EmbeddedQuestDb.start(dir);
    StoreSettings store = StoreSettings.questDb(questDb.httpUrl(), questDb.jdbcUrl());
    KpiStores.prepare(store);
    reader = KpiStores.reader(store);
    List<KpiPoint> points = new ArrayList<>();
    for (int m = 0; m < 10; m++) {
      points.add(orders(m, "eu", "web", m));
      points.add(orders(m, "eu", "all", 10 + m));
      points.add(orders(m, ODD_REGION, "all", 100));
      points.add(orders(m, "all", "all", 110 + m));
    }
    try (KpiWriter writer = KpiStores.writer(store)) {
      writer.write(points);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                reader.read(new KpiQuery("orders", T0, NOW, Map.of("channel", "all"))).size()
                    == 30);
    app = app(reader, QueryLimits.DEFAULTS).start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.stop();
    }
    if (reader != null) {
      reader.close();
    }
    if (questDb != null) {
      questDb.close();
    }
  }

  private static Javalin app(KpiReader kpis, QueryLimits limits) {
    return DashboardApi.create(
        ApiContext.builder(kpis, metrics, Clock.fixed(NOW, ZoneOffset.UTC))
            .queryLimits(limits)
            .build());
  }

  private static KpiPoint orders(int minute, String region, String channel, double value) {
    return new KpiPoint(
        "orders",
        T0.plus(MINUTE.multipliedBy(minute)),
        MINUTE,
        Map.of("region", region, "channel", channel),
        value);
  }

  private static Instant minute(int m) {
    return T0.plus(MINUTE.multipliedBy(m));
  }

  @Test
  void shouldAnswerASumPer5MinutesPerRegionAsJson() throws Exception {
    HttpResponse<String> response =
        post(
            app,
            """
            {"kpi": "orders", "from": "%s", "to": "%s", "aggregate": "sum",
             "interval": "5m", "groupBy": ["region"]}
            """
                .formatted(T0, minute(10)),
            Map.of());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode body = Json.mapper().readTree(response.body());
    assertThat(body.get("aggregate").asText()).isEqualTo("sum");
    assertThat(body.get("interval").asText()).isEqualTo("PT5M");
    assertThat(body.get("truncated").asBoolean()).isFalse();
    // eu: 10+11+..+14 = 60 and 15+..+19 = 85; the grand total "all" is left out
    assertThat(body.get("rows"))
        .extracting(
            r ->
                r.get("time").asText()
                    + " "
                    + r.get("tags").get("region").asText()
                    + "="
                    + r.get("value").asDouble())
        .containsExactly(
            minute(0) + " eu=60.0",
            minute(0) + " " + ODD_REGION + "=500.0",
            minute(5) + " eu=85.0",
            minute(5) + " " + ODD_REGION + "=500.0");
  }

  @Test
  void shouldAnswerCsvWhenAskedWithTheAggregateAsColumn() throws Exception {
    HttpResponse<String> response =
        post(
            app,
            """
            {"kpi": "orders", "from": "%s", "to": "%s", "aggregate": "max",
             "groupBy": ["region"], "where": [{"tag": "region", "op": "in",
             "values": ["eu", "%s"]}]}
            """
                .formatted(T0, minute(10), ODD_REGION),
            Map.of("Accept", "text/csv"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
    assertThat(response.body())
        .isEqualTo("time,region,max\r\n" + T0 + ",eu,19\r\n" + T0 + ",o'hare; zürich-東京,100\r\n");
  }

  @Test
  void shouldAnswerThePointsThemselvesWithEveryTagAndCutAtTheLimit() throws Exception {
    HttpResponse<String> json =
        post(
            app,
            """
            {"kpi": "orders", "from": "%s", "to": "%s",
             "where": [{"tag": "region", "value": "eu"}, {"tag": "channel", "value": "web"}],
             "limit": 3}
            """
                .formatted(T0, minute(10)),
            Map.of());
    HttpResponse<String> csv =
        post(
            app,
            """
            {"kpi": "orders", "from": "%s", "to": "%s",
             "where": [{"tag": "region", "value": "eu"}, {"tag": "channel", "value": "web"}],
             "limit": 2}
            """
                .formatted(T0, minute(10)),
            Map.of("Accept", "text/csv"));

    JsonNode body = Json.mapper().readTree(json.body());
    assertThat(body.get("truncated").asBoolean()).isTrue();
    assertThat(body.get("rows"))
        .extracting(r -> r.get("tags").toString() + "=" + r.get("value").asInt())
        .containsExactly(
            "{\"channel\":\"web\",\"region\":\"eu\"}=0",
            "{\"channel\":\"web\",\"region\":\"eu\"}=1",
            "{\"channel\":\"web\",\"region\":\"eu\"}=2");
    assertThat(csv.body())
        .isEqualTo(
            "time,region,channel,value\r\n"
                + minute(0)
                + ",eu,web,0\r\n"
                + minute(1)
                + ",eu,web,1\r\n");
  }

  @Test
  void shouldRefuseWith400SayingWhatToChange() throws Exception {
    Map<String, String> refusals =
        Map.of(
            "{\"kpi\": \"orders; DROP TABLE kpi\"}",
            "unknown KPI 'orders; DROP TABLE kpi'",
            "{\"kpi\": \"orders\", \"groupby\": [\"region\"]}",
            "Unrecognized field \"groupby\"",
            "{\"kpi\": \"orders\", \"where\": [{\"tag\": \"region\\\" OR 1=1\", \"value\": \"x\"}]}",
            "is not a tag of orders",
            "{\"kpi\": \"orders\", \"where\": [{\"tag\": \"region\", \"op\": \"=~\", \"value\": \"/.*/\"}]}",
            "unknown op '=~'",
            // ten years before the API's clock, to it: far wider than a query may span
            "{\"kpi\": \"orders\", \"from\": \"" + NOW.minus(Duration.ofDays(3650)) + "\"}",
            "may span at most",
            "{\"kpi\": \"orders\", \"aggregate\": \"sum\", \"interval\": \"1s\"}",
            "whole multiple of the window",
            "{\"kpi\": \"orders\", \"limit\": 1000000}",
            "'limit' must be between 1 and 10000",
            "{\"kpi\": \"orders\",",
            "not a query",
            "[1, 2]",
            "not a query",
            "null",
            "the body must be a JSON query object");

    for (Map.Entry<String, String> refusal : refusals.entrySet()) {
      HttpResponse<String> response = post(app, refusal.getKey(), Map.of());

      assertThat(response.statusCode()).as(refusal.getKey()).isEqualTo(400);
      JsonNode body = Json.mapper().readTree(response.body());
      assertThat(body.get("error").asText()).as(refusal.getKey()).contains(refusal.getValue());
      assertThat(body.get("problems").isArray()).isTrue();
    }
  }

  @Test
  void shouldListEveryProblemOfAQueryAtOnce() throws Exception {
    HttpResponse<String> response =
        post(
            app,
            """
            {"kpi": "orders", "window": "PT2M", "from": "then", "aggregate": "median",
             "where": [{"tag": "warehouse", "value": "ams"}]}
            """,
            Map.of());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(response.body()).get("problems")).hasSize(4);
  }

  @Test
  void shouldRefuseABodyTooLargeToBeAQuery() throws Exception {
    String huge =
        "{\"kpi\": \"orders\", \"where\": [{\"tag\": \"region\", \"value\": \""
            + "x".repeat(100_000)
            + "\"}]}";

    HttpResponse<String> response = post(app, huge, Map.of());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("at most 65536 bytes");
  }

  @Test
  void shouldAnswer400WhenTheStoreRunsPastTheTimeLimitAndCountIt() throws Exception {
    try (StalledServer stalled = new StalledServer();
        KpiReader slowStore =
            KpiStores.reader(StoreSettings.influxDb(stalled.url(), "t", "opsmon", "opsmon"))) {
      QueryLimits limits =
          new QueryLimits(
              Duration.ofDays(31), 50_000, 1_000, 100, 1_000, 10, 64, Duration.ofMillis(500));
      Javalin slowApp = app(slowStore, limits).start("127.0.0.1", 0);
      try {
        long started = System.nanoTime();
        HttpResponse<String> response = post(slowApp, "{\"kpi\": \"orders\"}", Map.of());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("ran longer than").contains("shorter range");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(metrics.get("opsmon.api.query").tag("outcome", "timeout").timer().count())
            .isEqualTo(1);
      } finally {
        slowApp.stop();
      }
    }
  }

  @Test
  void shouldAnswer503WhenTheStoreIsDownAndCountIt() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort(); // nothing listens there once it is closed
    }
    try (KpiReader downStore =
        KpiStores.reader(
            StoreSettings.influxDb("http://127.0.0.1:" + closedPort, "t", "opsmon", "opsmon"))) {
      Javalin downApp = app(downStore, QueryLimits.DEFAULTS).start("127.0.0.1", 0);
      try {
        HttpResponse<String> response = post(downApp, "{\"kpi\": \"orders\"}", Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.body()).contains("the KPI store is unavailable");
        assertThat(metrics.get("opsmon.api.query").tag("outcome", "error").timer().count())
            .isEqualTo(1);
      } finally {
        downApp.stop();
      }
    }
  }

  @Test
  void shouldTimeRequestsByRoutePatternMethodAndStatus() throws Exception {
    post(app, "{\"kpi\": \"orders\"}", Map.of());
    post(app, "{\"kpi\": \"teleports\"}", Map.of());
    http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/no/such/x1"))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    String scraped = metrics.scrape();
    assertThat(scraped)
        .contains(
            "opsmon_api_requests_seconds_count{method=\"POST\",route=\"/api/v1/query\",status=\"200\"}")
        .contains(
            "opsmon_api_requests_seconds_count{method=\"POST\",route=\"/api/v1/query\",status=\"400\"}")
        .contains(
            "opsmon_api_requests_seconds_count{method=\"GET\",route=\"other\",status=\"404\"}")
        .doesNotContain("/no/such/x1");
  }

  private static HttpResponse<String> post(Javalin server, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port()).resolve("/api/v1/query"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A store that accepts connections and never answers: every query runs into its limit. */
  static final class StalledServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> held = new ArrayList<>();
    private final Thread acceptor;

    StalledServer() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket s = socket.accept();
                    synchronized (held) {
                      held.add(s);
                    }
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              },
              "stalled-store");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      synchronized (held) {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }
}
