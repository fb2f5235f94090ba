package com.opsmon.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.launcher.WebhookCatcher;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.json.Json;
import com.opsmon.model.rules.RulesFile;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: 10,000 orders in one minute, each from a region never seen before. Series, store points
 * and notifications stay bounded: regions beyond the cap fold into "other", the rule watching every
 * region alerts on at most its cap and says so once.
 */
class NewLabelFloodIT {
  private static final Instant MINUTE =
      Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
  private static final int REGIONS = 10_000;

  /**
   * The orders fill the whole minute: its window closes as soon as the flood is read, where a
   * minute whose orders all came in its first seconds waits for the idle clock to reach its end.
   */
  private static final long SPACING_MS = Duration.ofMinutes(1).toMillis() / REGIONS;

  @TempDir Path dir;

  @Test
  void shouldFoldAFloodOfNewRegionsAndPageAtMostOnceForIt() throws Exception {
    WebhookCatcher webhook = WebhookCatcher.start();
    List<JsonNode> notifications = webhook.notifications();
    // a rule that would page for every region with an order, to see the cap at work
    var rules =
        RulesFile.parse(
            """
            rules:
              - name: any_orders
                kpi: orders
                where: {region: "*"}
                severity: info
                max_series: 50
                threshold: {above: 0}
            """,
            "test");
    try (StandaloneStack stack =
        StandaloneStack.start(
            StackConfig.builder(dir.resolve("data"))
                .apiPort(0)
                .rate(0)
                .rules(Optional.of(rules))
                .webhookUrl(Optional.of(webhook.url()))
                .outOfOrderness(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(3))
                .checkpointInterval(Duration.ofSeconds(1))
                .build())) {
      HttpClient http = HttpClient.newHttpClient();
      long started = System.nanoTime();
      for (int batch = 0; batch < 10; batch++) {
        List<String> lines = new ArrayList<>();
        for (int i = batch * 1000; i < (batch + 1) * 1000; i++) {
          lines.add(
              "{\"type\":\"order_created\",\"eventId\":\"flood-%d\",\"orderId\":\"o-%d\",\"occurredAt\":\"%s\",\"region\":\"r%05d\",\"channel\":\"web\",\"amount\":1.00,\"currency\":\"EUR\"}"
                  .formatted(i, i, MINUTE.plusMillis(i * SPACING_MS), i));
        }
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(stack.apiUrl().resolve("/api/v1/events"))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
      }

      String range = "from=" + MINUTE + "&to=" + MINUTE.plus(Duration.ofMinutes(1));
      await()
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () ->
                  assertThat(total(http, stack, "orders?" + range + "&region=all"))
                      .isEqualTo(REGIONS));
      // the first 100 regions by name, the rest folded into "other", and the total (the store
      // may hold the total before the last of the regions' points: their batches differ)
      Set<String> regions = new HashSet<>();
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () -> {
                JsonNode perRegion = get(http, stack, "/api/v1/kpis/orders?" + range + "&region=*");
                regions.clear();
                perRegion
                    .get("points")
                    .forEach(p -> regions.add(p.get("tags").get("region").asText()));
                assertThat(regions).hasSize(102).contains("other", "all");
              });
      // the overflow is counted where operators look
      String metrics =
          http.send(
                  HttpRequest.newBuilder(stack.apiUrl().resolve("/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics).containsPattern("opsmon_job_series_folded_total\\{[^}]*\\} [1-9]");
      await().atMost(Duration.ofMinutes(3)).until(() -> firing(notifications).size() >= 51);
      // no more than the cap and one "capped" notice, ever
      await()
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(15))
          .until(() -> firing(notifications).size() == 51);
      assertThat(firing(notifications)).anyMatch(labels -> labels.contains("capped"));
      Runtime runtime = Runtime.getRuntime();
      System.out.printf(
          "10,000 new regions in a minute: %d region series kept (+other), %d alerts fired,"
              + " %.1f s, heap in use %d MiB%n",
          regions.size() - 2,
          firing(notifications).size(),
          (System.nanoTime() - started) / 1e9,
          (runtime.totalMemory() - runtime.freeMemory()) >> 20);
    } finally {
      webhook.close();
    }
  }

  /** The label sets of every alert that fired, over all notifications (each may carry several). */
  private static Set<String> firing(List<JsonNode> notifications) {
    Set<String> alerts = new HashSet<>();
    for (JsonNode notification : notifications) {
      for (JsonNode alert : notification.get("alerts")) {
        if (alert.get("status").asText().equals("firing")) {
          alerts.add(alert.get("labels").toString());
        }
      }
    }
    return alerts;
  }

  private static double total(HttpClient http, StandaloneStack stack, String query)
      throws Exception {
    JsonNode body = get(http, stack, "/api/v1/kpis/" + query);
    double sum = 0;
    for (JsonNode point : body.get("points")) {
      sum += point.get("value").asDouble();
    }
    return sum;
  }

  private static JsonNode get(HttpClient http, StandaloneStack stack, String path)
      throws Exception {
    return Json.mapper()
        .readTree(
            http.send(
                    HttpRequest.newBuilder(stack.apiUrl().resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
  }
}
