package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.api.security.Access;
import com.opsmon.api.security.ApiTokens;
import com.opsmon.api.stream.LiveStream;
import com.opsmon.api.stream.StreamSettings;
import com.opsmon.model.json.Json;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.RulesFile;
import com.opsmon.model.rules.RulesRepository;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who may use which route, over real HTTP, for each way tokens can be configured: the table of
 * routes with the access each needs, and of statuses each kind of caller gets.
 */
class ApiAccessTest {
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final String READ = "read-secret";
  private static final String ADMIN = "admin-secret";
  private static final String RULES =
      """
      rules:
        - name: few_orders
          kpi: orders
          severity: warning
          threshold: {below: 1}
      """;

  /** Every route but the live stream (tested on its own: it answers without end). */
  private static final List<Route> ROUTES =
      List.of(
          new Route("GET", "/", null, Access.PUBLIC, 200),
          new Route("GET", "/api", null, Access.PUBLIC, 200),
          new Route("GET", "/api/api.js", null, Access.PUBLIC, 200),
          new Route("GET", "/health", null, Access.PUBLIC, 200),
          new Route("GET", "/openapi.json", null, Access.PUBLIC, 200),
          new Route("GET", "/metrics", null, Access.READ, 200),
          new Route("GET", "/api/v1/kpis", null, Access.READ, 200),
          new Route("GET", "/api/v1/kpis/orders", null, Access.READ, 200),
          new Route("POST", "/api/v1/query", "{\"kpi\": \"orders\"}", Access.READ, 200),
          new Route("GET", "/api/v1/overview", null, Access.READ, 200),
          new Route("GET", "/api/v1/rules", null, Access.READ, 200),
          new Route("GET", "/api/v1/alerts", null, Access.READ, 200),
          new Route("GET", "/api/v1/alerts/nope", null, Access.READ, 404),
          new Route("GET", "/api/v1/silences", null, Access.READ, 200),
          new Route("GET", "/api/v1/notifications", null, Access.READ, 200),
          new Route("PUT", "/api/v1/rules", RULES, Access.ADMIN, 200),
          new Route("POST", "/api/v1/alerts/nope/ack", "{\"by\": \"me\"}", Access.ADMIN, 404),
          new Route(
              "POST", "/api/v1/silences", "{\"matchers\": [\"region=eu\"]}", Access.ADMIN, 400),
          new Route("DELETE", "/api/v1/silences/nope", null, Access.ADMIN, 404));

  private static final List<String> CALLERS = List.of("none", "read", "admin", "wrong");

  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin app;
  private LiveStream live;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
    if (live != null) {
      live.close();
    }
  }

  @Test
  void shouldOpenEveryRouteToEveryoneWithoutTokens() throws Exception {
    start(ApiTokens.NONE);

    assertThat(statuses())
        .containsExactlyEntriesOf(
            expected(
                Map.of("none", 0, "read", 0, "admin", 0, "wrong", 0),
                Map.of("none", 0, "read", 0, "admin", 0, "wrong", 0)));
  }

  @Test
  void shouldLetReadersReadAndOnlyTheAdminChangeWithBothTokens() throws Exception {
    start(new ApiTokens(Optional.of(READ), Optional.of(ADMIN)));

    assertThat(statuses())
        .containsExactlyEntriesOf(
            expected(
                Map.of("none", 401, "read", 0, "admin", 0, "wrong", 401),
                Map.of("none", 401, "read", 403, "admin", 0, "wrong", 401)));
  }

  @Test
  void shouldKeepReadingOpenWithOnlyAnAdminToken() throws Exception {
    start(new ApiTokens(Optional.empty(), Optional.of(ADMIN)));

    assertThat(statuses())
        .containsExactlyEntriesOf(
            expected(
                Map.of("none", 0, "read", 0, "admin", 0, "wrong", 0),
                Map.of("none", 401, "read", 401, "admin", 0, "wrong", 401)));
  }

  @Test
  void shouldNeedAtLeastTheReadTokenForChangesWithOnlyAReadToken() throws Exception {
    start(new ApiTokens(Optional.of(READ), Optional.empty()));

    assertThat(statuses())
        .containsExactlyEntriesOf(
            expected(
                Map.of("none", 401, "read", 0, "admin", 401, "wrong", 401),
                Map.of("none", 401, "read", 0, "admin", 401, "wrong", 401)));
  }

  @Test
  void shouldSayWhatIsMissingAndCountTheRefusalUnderItsRoute() throws Exception {
    PrometheusMeterRegistry metrics = start(new ApiTokens(Optional.of(READ), Optional.of(ADMIN)));

    HttpResponse<String> missing = send("GET", "/api/v1/kpis", null, null);
    HttpResponse<String> wrong = send("GET", "/api/v1/kpis/orders", null, "wrong");
    HttpResponse<String> readOnly = send("PUT", "/api/v1/rules", RULES, READ);

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"opsmon\"");
    assertThat(error(missing))
        .isEqualTo("this needs a token: 'Authorization: Bearer <read or admin token>'");
    assertThat(error(wrong))
        .isEqualTo("the token is not valid here: 'Authorization: Bearer <read or admin token>'");
    assertThat(readOnly.statusCode()).isEqualTo(403);
    assertThat(error(readOnly))
        .isEqualTo("the read token cannot change anything: this needs the admin token");
    assertThat(requests(metrics, "/api/v1/kpis", "401")).isEqualTo(1);
    assertThat(requests(metrics, "/api/v1/kpis/{kpi}", "401")).isEqualTo(1);
    assertThat(requests(metrics, "/api/v1/rules", "403")).isEqualTo(1);
    assertThat(metrics.get("opsmon.api.requests.refused").tag("cause", "token").counter().count())
        .isEqualTo(3);
  }

  @Test
  void shouldTakeTheTokenAsAQueryParameterOnlyOnTheLiveStream() throws Exception {
    start(new ApiTokens(Optional.of(READ), Optional.of(ADMIN)));

    assertThat(send("GET", "/api/v1/stream", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/v1/stream?access_token=wrong", null, null).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", "/api/v1/kpis?access_token=" + READ, null, null).statusCode())
        .isEqualTo(401);
    for (String token : List.of(READ, ADMIN)) {
      HttpResponse<InputStream> stream =
          http.send(
              HttpRequest.newBuilder(
                      base().resolve("/api/v1/stream?kpi=orders&access_token=" + token))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = stream.body()) {
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      }
    }
  }

  private PrometheusMeterRegistry start(ApiTokens tokens) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // nothing listens there: the stream serves no events, which these tests do not need
    live = LiveStream.start("127.0.0.1:9", StreamSettings.DEFAULTS);
    app =
        DashboardApi.create(
                ApiContext.builder(new EmptyKpiReader(), metrics, Clock.fixed(NOW, ZoneOffset.UTC))
                    .alerts(new InMemoryAlerts(), new RecordingCommands())
                    .rules(new InMemoryRules())
                    .stream(live)
                    .tokens(tokens)
                    .build())
            .start("127.0.0.1", 0);
    return metrics;
  }

  /** What each caller gets on each route, 0 standing for the route's own answer. */
  private static Map<String, Integer> expected(
      Map<String, Integer> onRead, Map<String, Integer> onAdmin) {
    Map<String, Integer> table = new LinkedHashMap<>();
    for (Route route : ROUTES) {
      for (String caller : CALLERS) {
        int status =
            switch (route.access()) {
              case PUBLIC -> 0;
              case READ -> onRead.get(caller);
              case ADMIN -> onAdmin.get(caller);
            };
        table.put(
            route.method() + " " + route.path() + " by " + caller,
            status == 0 ? route.ok() : status);
      }
    }
    return table;
  }

  private Map<String, Integer> statuses() throws Exception {
    Map<String, Integer> table = new LinkedHashMap<>();
    for (Route route : ROUTES) {
      for (String caller : CALLERS) {
        String token =
            switch (caller) {
              case "read" -> READ;
              case "admin" -> ADMIN;
              case "wrong" -> "wrong";
              default -> null;
            };
        table.put(
            route.method() + " " + route.path() + " by " + caller,
            send(route.method(), route.path(), route.body(), token).statusCode());
      }
    }
    return table;
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base().resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String error(HttpResponse<String> response) throws Exception {
    JsonNode body = Json.mapper().readTree(response.body());
    return body.get("error").asText();
  }

  private static double requests(PrometheusMeterRegistry metrics, String route, String status) {
    return metrics
        .get("opsmon.api.requests")
        .tag("route", route)
        .tag("status", status)
        .timer()
        .count();
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + app.port());
  }

  private record Route(String method, String path, String body, Access access, int ok) {}

  /** Rules kept in memory, as the rules topic would keep them. */
  private static final class InMemoryRules implements RulesRepository {
    private Optional<PublishedRules> active =
        Optional.of(PublishedRules.of(RulesFile.parse(RULES, "test rules"), NOW, "test"));

    @Override
    public synchronized Optional<PublishedRules> active() {
      return active;
    }

    @Override
    public synchronized PublishedRules publish(String yaml, String publishedBy) {
      PublishedRules rules =
          PublishedRules.of(RulesFile.parse(yaml, "the rules"), NOW, publishedBy);
      active = Optional.of(rules);
      return rules;
    }
  }
}
