package com.opsmon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.opsmon.embedded.TopicReader;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store stopped for many checkpoint intervals while a region stops ordering: the alert signal
 * comes on time, the health and metrics say what waits, and every KPI point reaches the store once
 * it is back.
 */
public class StoreOutageIT {
  private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

  /** How long the store stays down beyond its first failures. */
  protected Duration outage() {
    return Duration.ofSeconds(15);
  }

  /** A month ago, on the hour: old data must fare as well as new. */
  private static final Instant T0 =
      Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS);

  @TempDir Path dir;
  private RestartableStore store;
  private StandaloneStack stack;
  private ApiClient api;

  @BeforeEach
  protected void start() throws Exception {
    store = new RestartableStore(dir.resolve("questdb"));
    stack =
        StandaloneStack.start(
            StackConfig.builder(dir.resolve("data"))
                .apiPort(0)
                .rate(0)
                .rules(TestRules.ORDERS_STOPPED)
                .store(Optional.of(store.settings()))
                .outOfOrderness(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(3))
                .checkpointInterval(CHECKPOINT_INTERVAL)
                .build());
    api = new ApiClient(stack.apiUrl());
  }

  @AfterEach
  protected void stop() {
    if (stack != null) {
      stack.close();
    }
    store.close();
  }

  private static Instant at(int minute, int second) {
    return T0.plus(Duration.ofMinutes(minute)).plusSeconds(second);
  }

  private static String order(String id, Instant at, String region) {
    return "{\"type\":\"order_created\",\"eventId\":\"%s\",\"orderId\":\"%s\",\"occurredAt\":\"%s\",\"region\":\"%s\",\"channel\":\"web\",\"amount\":2.50,\"currency\":\"EUR\"}"
        .formatted(id, id, at, region);
  }

  /** eu orders twice a minute in the given minutes, us once a minute in its own. */
  private static String minutes(int from, int to, List<Integer> usMinutes) {
    List<String> lines = new ArrayList<>();
    for (int m = from; m < to; m++) {
      lines.add(order("eu-a-" + m, at(m, 10), "eu"));
      if (usMinutes.contains(m)) {
        lines.add(order("us-" + m, at(m, 30), "us"));
      }
      lines.add(order("eu-b-" + m, at(m, 59), "eu"));
    }
    return String.join("\n", lines);
  }

  private List<AlertSignal> usSignals() {
    return TopicReader.values(stack.kafkaBootstrap(), Topics.ALERT_SIGNALS).stream()
        .filter(s -> "us".equals(s.labels().get("region")))
        .toList();
  }

  @Test
  protected void shouldSignalOnTimeWhileTheStoreIsDownAndStoreEveryPointWhenItReturns()
      throws Exception {
    api.post(minutes(0, 1, List.of(0)));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                api.series("orders", "from=" + T0 + "&to=" + at(1, 0) + "&region=eu").size() == 1);

    store.stop();
    long stoppedAt = System.nanoTime();
    // us orders in minutes 0-1 and goes silent in 2-3
    api.post(minutes(1, 4, List.of(1)));
    // due once event time passes minute 3, seconds after the post (out-of-orderness, the idle
    // timeout, a checkpoint): it must not wait for the store
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(usSignals())
                    .extracting(AlertSignal::status, AlertSignal::startsAt)
                    .containsExactly(tuple(AlertStatus.FIRING, at(2, 0))));

    // the store stays down for many checkpoints; the health says so and what waits
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(api.health("store-loader").get("status").asText()).isEqualTo("DOWN");
              assertThat(api.metric("opsmon_store_points_waiting")).isPositive();
              assertThat(api.metric("opsmon_store_up")).isZero();
            });
    assertThat(api.health("stream-jobs").get("status").asText()).isEqualTo("UP");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> api.metric("opsmon_store_write_failures_total") >= 5);
    // us comes back in minute 4 while the store is still down: resolved on time too
    api.post(minutes(4, 5, List.of(4)));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(usSignals())
                    .extracting(AlertSignal::status, AlertSignal::startsAt, AlertSignal::endsAt)
                    .containsExactly(
                        tuple(AlertStatus.FIRING, at(2, 0), null),
                        tuple(AlertStatus.RESOLVED, at(2, 0), at(4, 0))));

    // the rest of the outage: the jobs stay up all along
    await()
        .during(outage())
        .atMost(outage().plus(Duration.ofSeconds(30)))
        .until(
            () ->
                api.health("stream-jobs").get("status").asText().equals("UP")
                    && api.health("store-loader").get("status").asText().equals("DOWN"));

    Duration downFor = Duration.ofNanos(System.nanoTime() - stoppedAt);
    store.start();
    String range = "from=" + T0 + "&to=" + at(5, 0);
    Map<Instant, Double> euExpected = new TreeMap<>();
    for (int m = 0; m < 5; m++) {
      euExpected.put(at(m, 0), 2.0);
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              assertThat(api.series("orders", range + "&region=eu")).isEqualTo(euExpected);
              assertThat(api.series("orders", range + "&region=us"))
                  .isEqualTo(Map.of(at(0, 0), 1.0, at(1, 0), 1.0, at(4, 0), 1.0));
              assertThat(api.series("revenue", range + "&region=us&currency=EUR"))
                  .isEqualTo(Map.of(at(0, 0), 2.5, at(1, 0), 2.5, at(4, 0), 2.5));
              assertThat(api.health("store-loader").get("status").asText()).isEqualTo("UP");
              assertThat(api.metric("opsmon_store_points_waiting")).isZero();
            });
    System.out.printf(
        "store down %d s: 13 events in, the us alert fired and resolved on time, every point"
            + " stored after (%.0f write failures retried), heap in use %d MiB%n",
        downFor.toSeconds(),
        api.metric("opsmon_store_write_failures_total"),
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
  }
}
