package com.opsmon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.api.deadletters.RecentDeadLetters;
import com.opsmon.api.security.ApiTokens;
import com.opsmon.api.stream.LiveStream;
import com.opsmon.api.stream.StreamSettings;
import com.opsmon.ingest.http.IngestEndpoint;
import com.opsmon.ingest.http.IngestSettings;
import com.opsmon.ingest.metrics.IngestMetrics;
import com.opsmon.ingest.publish.EventPublisher;
import com.opsmon.model.json.Json;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.RulesRepository;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /openapi.json} against the app itself, with every optional part present: the same routes,
 * and the same need for a token on each, so the document cannot drift from the code.
 */
class OpenApiTest {
  /** Nothing listens there: these tests never reach Kafka. */
  private static final String NO_KAFKA = "127.0.0.1:9";

  private static final HttpClient http = HttpClient.newHttpClient();
  private static LiveStream live;
  private static RecentDeadLetters deadLetters;
  private static EventPublisher publisher;
  private static Javalin app;

  @BeforeAll
  static void start() {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    live = LiveStream.start(NO_KAFKA, StreamSettings.DEFAULTS);
    deadLetters = new RecentDeadLetters(NO_KAFKA, 10);
    publisher = new EventPublisher(NO_KAFKA, Duration.ofSeconds(1));
    IngestSettings defaults = IngestSettings.defaults();
    IngestSettings ingest =
        new IngestSettings(
            defaults.rules(),
            defaults.maxBodyBytes(),
            Optional.of("ingest-secret"),
            defaults.publishTimeout(),
            defaults.limits());
    app =
        DashboardApi.create(
                ApiContext.builder(new EmptyKpiReader(), metrics, Clock.systemUTC())
                    .alerts(new InMemoryAlerts(), new RecordingCommands())
                    .rules(new NoRules())
                    .stream(live)
                    .deadLetters(deadLetters)
                    .ingest(
                        new IngestEndpoint(
                            ingest, publisher, IngestMetrics.discarding("test"), Clock.systemUTC()))
                    .tokens(new ApiTokens(Optional.of("read-secret"), Optional.of("admin-secret")))
                    .build())
            .start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
    live.close();
    deadLetters.close();
    publisher.close();
  }

  @Test
  void shouldDescribeExactlyTheRoutesTheAppServes() throws Exception {
    Set<String> served = new TreeSet<>();
    for (ParsedEndpoint parsed : app.unsafe.internalRouter.allHttpHandlers()) {
      if (parsed.endpoint.method.isHttpMethod()) {
        served.add(parsed.endpoint.method.name() + " " + parsed.endpoint.path);
      }
    }

    assertThat(operations().keySet()).containsExactlyElementsOf(served);
  }

  @Test
  void shouldAskForATokenExactlyWhereTheAppDoes() throws Exception {
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, JsonNode> operation : operations().entrySet()) {
      String method = operation.getKey().split(" ")[0];
      String path = operation.getKey().split(" ")[1].replaceAll("\\{[^}]+}", "x");
      boolean documented = !operation.getValue().path("security").isEmpty();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      boolean asked = response.statusCode() == 401;
      if (asked != documented) {
        mismatches.add(operation.getKey() + ": documented " + documented + ", asked " + asked);
      }
      if (documented) {
        assertThat(operation.getValue().get("responses").has("401"))
            .as(operation.getKey() + " documents its 401")
            .isTrue();
      }
    }

    assertThat(mismatches).isEmpty();
  }

  @Test
  void shouldBeAnOpenApi3DocumentWithTheTokensAsSecuritySchemes() throws Exception {
    JsonNode document = document();

    assertThat(document.get("openapi").asText()).startsWith("3.0.");
    assertThat(document.get("components").get("securitySchemes").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("readToken", "adminToken", "ingestToken");
    operations()
        .forEach(
            (name, operation) -> {
              assertThat(operation.get("summary")).as(name + " has a summary").isNotNull();
              assertThat(operation.get("responses").size())
                  .as(name + " has responses")
                  .isPositive();
            });
  }

  private static JsonNode document() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/openapi.json"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    return Json.mapper().readTree(response.body());
  }

  /** {@code "GET /api/v1/kpis"} to its operation object, in name order. */
  private static Map<String, JsonNode> operations() throws Exception {
    Map<String, JsonNode> operations = new java.util.TreeMap<>();
    JsonNode paths = document().get("paths");
    for (Iterator<String> p = paths.fieldNames(); p.hasNext(); ) {
      String path = p.next();
      for (Iterator<String> m = paths.get(path).fieldNames(); m.hasNext(); ) {
        String method = m.next();
        operations.put(method.toUpperCase(Locale.ROOT) + " " + path, paths.get(path).get(method));
      }
    }
    return operations;
  }

  /** A rules topic with nothing published. */
  private static final class NoRules implements RulesRepository {
    @Override
    public Optional<PublishedRules> active() {
      return Optional.empty();
    }

    @Override
    public PublishedRules publish(String yaml, String publishedBy) {
      throw new UnsupportedOperationException("these tests publish nothing");
    }
  }
}
