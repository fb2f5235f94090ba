package com.opsmon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.embedded.TopicReader;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.topics.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook receiver unreachable (connections refused) while two regions stop ordering and come
 * back: the notifications wait, `/health` and `/metrics` say so, and once the receiver listens
 * again each one arrives exactly once, in order for each alert.
 */
public class ReceiverOutageIT {
  /** The least time the receiver stays away (longer if the alerts take longer to fire). */
  protected Duration outage() {
    return Duration.ofSeconds(20);
  }

  /** Yesterday, on the hour: placed relative to the clock, never a fixed date. */
  private static final Instant T0 =
      Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);

  /** The minutes each region is silent in; eu orders every minute and moves event time on. */
  private static final Map<String, Set<Integer>> SILENT =
      Map.of("eu", Set.of(), "us", Set.of(2, 3), "asia", Set.of(4, 5));

  @TempDir Path dir;
  private WebhookCatcher receiver;
  private StandaloneStack stack;
  private ApiClient api;

  @BeforeEach
  protected void start() throws Exception {
    receiver = WebhookCatcher.start();
    stack =
        StandaloneStack.start(
            StackConfig.builder(dir.resolve("data"))
                .apiPort(0)
                .rate(0)
                .rules(TestRules.ORDERS_STOPPED)
                // a webhook URL carries its secret in the path or query, as Slack's do
                .webhookUrl(Optional.of(URI.create(receiver.url() + "/T0/SECRET?token=SECRET")))
                .outOfOrderness(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(3))
                .checkpointInterval(Duration.ofSeconds(1))
                .build());
    api = new ApiClient(stack.apiUrl());
  }

  @AfterEach
  protected void stop() {
    if (stack != null) {
      stack.close();
    }
    receiver.close();
  }

  private static Instant at(int minute, int second) {
    return T0.plus(Duration.ofMinutes(minute)).plusSeconds(second);
  }

  /** Every region that is not silent orders once a minute, eu twice. */
  private static String minutes(int from, int to) {
    List<String> lines = new ArrayList<>();
    for (int m = from; m < to; m++) {
      for (String region : List.of("eu", "us", "asia")) {
        if (!SILENT.get(region).contains(m)) {
          lines.add(order(region + "-" + m, at(m, 10), region));
        }
      }
      lines.add(order("eu-late-" + m, at(m, 59), "eu"));
    }
    return String.join("\n", lines);
  }

  private static String order(String id, Instant at, String region) {
    return "{\"type\":\"order_created\",\"eventId\":\"%s\",\"orderId\":\"%s\",\"occurredAt\":\"%s\",\"region\":\"%s\",\"channel\":\"web\",\"amount\":2.50,\"currency\":\"EUR\"}"
        .formatted(id, id, at, region);
  }

  private List<AlertSignal> signals(String region) {
    return TopicReader.values(stack.kafkaBootstrap(), Topics.ALERT_SIGNALS).stream()
        .filter(s -> region.equals(s.labels().get("region")))
        .toList();
  }

  private void awaitSignals(String region, AlertStatus... statuses) {
    // generous: what this test proves is delivery, not signal timing (StoreOutageIT's), and the
    // shared build machine is sometimes loaded several times over
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () ->
                assertThat(signals(region))
                    .extracting(AlertSignal::status)
                    .containsExactly(statuses));
  }

  /** The notifications received, as "status" lists by region, in arrival order. */
  private Map<String, List<String>> receivedByRegion() {
    Map<String, List<String>> byRegion = new LinkedHashMap<>();
    for (JsonNode n : receiver.notifications()) {
      for (JsonNode alert : n.get("alerts")) {
        byRegion
            .computeIfAbsent(alert.get("labels").get("region").asText(), r -> new ArrayList<>())
            .add(alert.get("status").asText());
      }
    }
    return byRegion;
  }

  @Test
  protected void shouldDeliverEveryNotificationOnceInOrderWhenTheReceiverReturns()
      throws Exception {
    api.post(minutes(0, 1));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                api.series("orders", "from=" + T0 + "&to=" + at(1, 0) + "&region=eu").size() == 1);

    receiver.refuseConnections();
    long downAt = System.nanoTime();
    // us goes silent and comes back, then asia: two alerts fire and resolve while nobody listens
    api.post(minutes(1, 4));
    awaitSignals("us", AlertStatus.FIRING);
    api.post(minutes(4, 6));
    awaitSignals("us", AlertStatus.FIRING, AlertStatus.RESOLVED);
    awaitSignals("asia", AlertStatus.FIRING);
    api.post(minutes(6, 7));
    awaitSignals("asia", AlertStatus.FIRING, AlertStatus.RESOLVED);

    // all four wait for the receiver; health and metrics say so
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(api.health("notifier").get("status").asText()).isEqualTo("DOWN");
              assertThat(api.health("notifier").get("detail").asText())
                  .startsWith("webhook failing: ConnectException: no connection")
                  .doesNotContain("SECRET");
              assertThat(api.metric("opsmon_notifications_queued", "receiver=\"webhook\""))
                  .isEqualTo(4.0);
              assertThat(api.metric("opsmon_notifications_failed_total", "receiver=\"webhook\""))
                  .isGreaterThanOrEqualTo(4.0);
            });
    // the rest of the outage: still down, nothing sent, everything still waiting
    Duration left = outage().minus(Duration.ofNanos(System.nanoTime() - downAt));
    if (!left.isNegative()) {
      await()
          .during(left)
          .atMost(left.plus(Duration.ofSeconds(30)))
          .until(
              () ->
                  api.health("notifier").get("status").asText().equals("DOWN")
                      && api.metric("opsmon_notifications_queued", "receiver=\"webhook\"") == 4.0);
    }
    assertThat(receiver.notifications()).isEmpty();
    assertThat(api.get("/api/v1/notifications").toString())
        .contains("no connection")
        .doesNotContain("SECRET");
    Duration downFor = Duration.ofNanos(System.nanoTime() - downAt);
    double failedWhileDown =
        api.metric("opsmon_notifications_failed_total", "receiver=\"webhook\"");

    receiver.acceptConnections();
    long backAt = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () ->
                assertThat(receivedByRegion())
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                            "us", List.of("firing", "resolved"),
                            "asia", List.of("firing", "resolved"))));
    Duration caughtUp = Duration.ofNanos(System.nanoTime() - backAt);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(api.health("notifier").get("status").asText()).isEqualTo("UP");
              assertThat(api.metric("opsmon_notifications_queued", "receiver=\"webhook\""))
                  .isZero();
              assertThat(api.metric("opsmon_notifications_sent_total", "receiver=\"webhook\""))
                  .isEqualTo(4.0);
            });
    // nothing comes twice, however long one waits
    await()
        .during(Duration.ofSeconds(10))
        .atMost(Duration.ofSeconds(20))
        .until(() -> receiver.notifications().size() == 4);
    assertThat(Set.copyOf(receiver.idempotencyKeys())).hasSize(4).doesNotContain("null");
    assertThat(signals("us"))
        .extracting(AlertSignal::status, AlertSignal::startsAt, AlertSignal::endsAt)
        .containsExactly(
            tuple(AlertStatus.FIRING, at(2, 0), null),
            tuple(AlertStatus.RESOLVED, at(2, 0), at(4, 0)));
    System.out.printf(
        "receiver down %d s (connections refused): 2 alerts fired and resolved meanwhile,"
            + " %.0f failed attempts retried, 4 notifications delivered once each, in order per"
            + " alert, %d s after it returned; heap in use %d MiB%n",
        downFor.toSeconds(),
        failedWhileDown,
        caughtUp.toSeconds(),
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
  }
}
