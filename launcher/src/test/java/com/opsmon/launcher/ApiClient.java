package com.opsmon.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the tests ask of a running monitor's API: post events, read KPIs, health and metrics; with a
 * token, every read carries it (the ingest endpoint checks a token of its own).
 */
final class ApiClient {
  private final URI base;
  private final Optional<String> token;
  private final HttpClient http = HttpClient.newHttpClient();

  ApiClient(URI base) {
    this(base, Optional.empty());
  }

  ApiClient(URI base, Optional<String> token) {
    this.base = base;
    this.token = token;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return request;
  }

  /** Posts NDJSON events; the monitor must accept the request (202) and says what it stored. */
  JsonNode post(String ndjson) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/events"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return Json.mapper().readTree(response.body());
  }

  /** A KPI series read from the store as window start → value. */
  Map<Instant, Double> series(String kpi, String query) throws IOException, InterruptedException {
    JsonNode body = get("/api/v1/kpis/" + kpi + "?" + query);
    Map<Instant, Double> values = new TreeMap<>();
    for (JsonNode point : body.get("points")) {
      values.put(Instant.parse(point.get("time").asText()), point.get("value").asDouble());
    }
    return values;
  }

  /** One component of {@code /health}: its status and detail. */
  JsonNode health(String component) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request("/health").build(), HttpResponse.BodyHandlers.ofString());
    return Json.mapper().readTree(response.body()).get("components").get(component);
  }

  /** The sum of a Prometheus metric's samples whose line contains every given fragment. */
  double metric(String name, String... fragments) throws IOException, InterruptedException {
    String text =
        http.send(request("/metrics").build(), HttpResponse.BodyHandlers.ofString()).body();
    return text.lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> java.util.Arrays.stream(fragments).allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** An ad-hoc query ({@code POST /api/v1/query}); it must be answered with 200. */
  JsonNode query(String json) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request("/api/v1/query")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.mapper().readTree(response.body());
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return Json.mapper().readTree(response.body());
  }
}
