package com.opsmon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.embedded.TopicReader;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topics;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end: the standalone stack in-process, events posted over HTTP, KPIs
 * read back over HTTP and compared with an independent computation, dead letters read from Kafka,
 * and alert notifications received by a real local webhook.
 */
class StandaloneStackIT {
  private static final Map<String, String> CURRENCY =
      Map.of("eu", "EUR", "us", "USD", "apac", "SGD");

  /** apac stops ordering in these minutes and comes back after them. */
  private static final int SILENT_FROM = 4;

  private static final int SILENT_UNTIL = 6;

  @TempDir Path dataDir;
  private List<JsonNode> notifications;
  private WebhookCatcher webhook;
  private StandaloneStack stack;
  private final HttpClient http = HttpClient.newHttpClient();
  private ApiClient api;

  /** An order the test posts, with what the monitor should count for it. */
  private record Posted(Instant at, String region, BigDecimal amount, String json) {}

  @BeforeEach
  void start() throws Exception {
    webhook = WebhookCatcher.start();
    notifications = webhook.notifications();
    stack =
        StandaloneStack.start(
            StackConfig.builder(dataDir)
                .apiPort(0)
                .rate(0)
                .rules(TestRules.ORDERS_STOPPED)
                .webhookUrl(java.util.Optional.of(webhook.url()))
                .outOfOrderness(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(3))
                .checkpointInterval(Duration.ofSeconds(1))
                .build());
    api = new ApiClient(stack.apiUrl());
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
    webhook.close();
  }

  @Test
  void shouldComputeExactPerMinuteKpisDeadLetterBadInputAndNotifyWhenARegionStopsAndResumes()
      throws Exception {
    Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
    List<Posted> orders = ordersOverTenMinutes(base);
    List<String> lines =
        new ArrayList<>(
            orders.stream().sorted(Comparator.comparing(Posted::at)).map(Posted::json).toList());
    // events that are not created orders must not count; malformed lines must not cost their
    // neighbours
    lines.add(
        3,
        "{\"type\":\"payment_authorized\",\"eventId\":\"pay-1\",\"orderId\":\"o-0\",\"occurredAt\":\""
            + base.plusSeconds(5)
            + "\",\"region\":\"eu\"}");
    lines.add(10, "{\"type\":\"order_created\",\"eventId\":");
    lines.add(
        20,
        "{\"type\":\"order_created\",\"eventId\":\"bad-1\",\"orderId\":\"x\",\"occurredAt\":\""
            + base.plusSeconds(70)
            + "\",\"region\":\"eu\",\"amount\":\"12\",\"currency\":\"EUR\"}");
    lines.add(
        30,
        "{\"type\":\"order_teleported\",\"eventId\":\"bad-2\",\"occurredAt\":\""
            + base.plusSeconds(80)
            + "\"}");

    int half = lines.size() / 2;
    JsonNode first = api.post(String.join("\n", lines.subList(0, half)));
    JsonNode second = api.post(String.join("\n", lines.subList(half, lines.size())));
    assertThat(first.get("accepted").asInt() + second.get("accepted").asInt())
        .isEqualTo(orders.size() + 1);
    assertThat(first.get("rejected").asInt() + second.get("rejected").asInt()).isEqualTo(3);

    Map<String, Map<Instant, Long>> expectedOrders = new TreeMap<>();
    Map<String, Map<Instant, BigDecimal>> expectedRevenue = new TreeMap<>();
    for (Posted o : orders) {
      Instant minute = o.at().truncatedTo(ChronoUnit.MINUTES);
      expectedOrders.computeIfAbsent(o.region(), r -> new TreeMap<>()).merge(minute, 1L, Long::sum);
      expectedRevenue
          .computeIfAbsent(o.region(), r -> new TreeMap<>())
          .merge(minute, o.amount(), BigDecimal::add);
    }
    String range = "from=" + base + "&to=" + base.plus(Duration.ofMinutes(10));
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> {
              for (String region : CURRENCY.keySet()) {
                assertThat(api.series("orders", range + "&region=" + region))
                    .isEqualTo(toDoubles(expectedOrders.get(region)));
                assertThat(
                        api.series(
                            "revenue",
                            range + "&region=" + region + "&currency=" + CURRENCY.get(region)))
                    .isEqualTo(
                        expectedRevenue.get(region).entrySet().stream()
                            .collect(
                                TreeMap::new,
                                (m, e) -> m.put(e.getKey(), e.getValue().doubleValue()),
                                Map::putAll));
              }
            });

    // the ad-hoc query adds up the same minutes per region
    JsonNode sums =
        api.query(
            "{\"kpi\": \"orders\", \"from\": \"%s\", \"to\": \"%s\", \"aggregate\": \"sum\","
                    .formatted(base, base.plus(Duration.ofMinutes(10)))
                + " \"groupBy\": [\"region\"]}");
    Map<String, Double> summed = new TreeMap<>();
    sums.get("rows")
        .forEach(r -> summed.put(r.get("tags").get("region").asText(), r.get("value").asDouble()));
    Map<String, Double> expectedSums = new TreeMap<>();
    expectedOrders.forEach(
        (region, minutes) ->
            expectedSums.put(
                region, minutes.values().stream().mapToLong(Long::longValue).sum() * 1.0));
    assertThat(summed).isEqualTo(expectedSums);

    List<DeadLetter> deadLetters = readDeadLetters(3);
    assertThat(deadLetters)
        .extracting(DeadLetter::reason, DeadLetter::source)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(DeadLetterReason.MALFORMED_JSON, "http"),
            org.assertj.core.groups.Tuple.tuple(DeadLetterReason.WRONG_TYPE, "http"),
            org.assertj.core.groups.Tuple.tuple(DeadLetterReason.UNKNOWN_EVENT_TYPE, "http"));
    assertThat(deadLetters).allSatisfy(d -> assertThat(d.detail()).isNotBlank());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> dlq =
                  http.send(
                      HttpRequest.newBuilder(
                              stack.apiUrl().resolve("/api/v1/dlq?reason=unknown_event_type"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(Json.mapper().readTree(dlq.body()).get("deadLetters"))
                  .extracting(e -> e.get("deadLetter").get("detail").asText())
                  .containsExactly("unknown event type 'order_teleported'");
            });

    Instant silentStart = base.plus(Duration.ofMinutes(SILENT_FROM));
    Instant backAt = base.plus(Duration.ofMinutes(SILENT_UNTIL));
    Instant endOfData = base.plus(Duration.ofMinutes(10));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(alertsStartingBefore(endOfData))
                    .as(() -> "webhook received " + notifications + "; signals topic " + signals())
                    .containsExactly(
                        "firing apac " + silentStart + " -",
                        "resolved apac " + silentStart + " " + backAt));
    // the overview reads the alert manager's state: nothing left active once apac is back
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode overview = api.get("/api/v1/overview");
              assertThat(overview.get("alerts").get("known").asBoolean()).isTrue();
              assertThat(overview.get("alerts").get("active")).isEmpty();
              assertThat(overview.get("headlines").get(0).get("kpi").asText()).isEqualTo("orders");
            });
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(stack.apiUrl().resolve("/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Opsmon — ops room</title>");
  }

  /**
   * eu and us order every minute; apac every minute except the silent ones. Amounts vary in cents.
   */
  private static List<Posted> ordersOverTenMinutes(Instant base) {
    Random random = new Random(42);
    List<Posted> orders = new ArrayList<>();
    int id = 0;
    for (int minute = 0; minute < 10; minute++) {
      for (String region : List.of("eu", "us", "apac")) {
        if (region.equals("apac") && minute >= SILENT_FROM && minute < SILENT_UNTIL) {
          continue;
        }
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          Instant at = base.plus(Duration.ofMinutes(minute)).plusMillis(random.nextInt(59_000));
          orders.add(order(++id, at, region, random));
        }
      }
    }
    // the last second of the data, so the final window closes as soon as event time moves on
    orders.add(order(++id, base.plus(Duration.ofMinutes(10)).minusMillis(500), "eu", random));
    return orders;
  }

  private static Posted order(int id, Instant at, String region, Random random) {
    BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(20_000), 2);
    String json =
        "{\"type\":\"order_created\",\"eventId\":\"e2e-%d\",\"orderId\":\"o-%d\",\"occurredAt\":\"%s\",\"region\":\"%s\",\"channel\":\"web\",\"amount\":%s,\"currency\":\"%s\"}"
            .formatted(id, id, at, region, amount.toPlainString(), CURRENCY.get(region));
    return new Posted(at, region, amount, json);
  }

  private static Map<Instant, Double> toDoubles(Map<Instant, Long> counts) {
    Map<Instant, Double> values = new TreeMap<>();
    counts.forEach((k, v) -> values.put(k, v.doubleValue()));
    return values;
  }

  private List<String> alertsStartingBefore(Instant end) {
    List<String> seen = new ArrayList<>();
    for (JsonNode notification : notifications) {
      for (JsonNode alert : notification.get("alerts")) {
        Instant startsAt = Instant.parse(alert.get("startsAt").asText());
        if (startsAt.isBefore(end)) {
          String endsAt =
              alert.get("status").asText().equals("resolved") ? alert.get("endsAt").asText() : "-";
          seen.add(
              alert.get("status").asText()
                  + " "
                  + alert.get("labels").get("region").asText()
                  + " "
                  + startsAt
                  + " "
                  + endsAt);
        }
      }
    }
    return seen;
  }

  /** For the failure message only: what the rules signalled. */
  private List<AlertSignal> signals() {
    return TopicReader.values(stack.kafkaBootstrap(), Topics.ALERT_SIGNALS);
  }

  private List<DeadLetter> readDeadLetters(int expected) {
    List<DeadLetter> letters = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              letters.clear();
              letters.addAll(TopicReader.values(stack.kafkaBootstrap(), Topics.DEAD_LETTERS));
              return letters.size() >= expected;
            });
    return letters;
  }
}
