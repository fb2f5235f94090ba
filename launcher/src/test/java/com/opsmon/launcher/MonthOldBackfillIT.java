package com.opsmon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.embedded.EmbeddedKafka;
import com.opsmon.embedded.TopicReader;
import com.opsmon.ingest.simulator.SimulationFile;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.launcher.replay.ReplaySpeed;
import com.opsmon.launcher.replay.ReplaySummary;
import com.opsmon.launcher.replay.Replayer;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.events.EventCategory;
import com.opsmon.model.events.EventType;
import com.opsmon.model.json.Json;
import com.opsmon.model.topics.Topics;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated hour from a month ago replayed over HTTP into a fresh monitor whose store is down for
 * most of the run: every per-minute order and revenue value equals an independent count over the
 * file, every {@code orders_stopped} signal matches the gaps in each region's orders, and nothing
 * is lost to the broker's retention (which runs every half second here).
 */
class MonthOldBackfillIT {
  private static final Instant START =
      Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir Path dir;

  /** What the file holds, counted without the monitor. */
  private record Expected(
      Map<String, Map<Instant, Double>> orders,
      Map<String, Map<Instant, Double>> revenue,
      Map<String, List<String>> signals,
      Instant signalCutoff) {}

  @Test
  void shouldCountAMonthOldHourExactlyAndSignalEveryGapWhileTheStoreIsDown() throws Exception {
    Path events = dir.resolve("hour.ndjson");
    SimulationFile.write(
        new SimulationSettings(23, START, 10, List.of()),
        Duration.ofHours(1),
        events,
        dir.resolve("truth.json"));
    Expected expected = count(Files.readAllLines(events));
    // the hour has quiet regions, so there are silences to signal
    assertThat(expected.signals().values().stream().mapToInt(List::size).sum()).isGreaterThan(4);

    try (RestartableStore store = new RestartableStore(dir.resolve("questdb"));
        StandaloneStack stack =
            StandaloneStack.start(
                StackConfig.builder(dir.resolve("data"))
                    .apiPort(0)
                    .rate(0)
                    .rules(TestRules.ORDERS_STOPPED)
                    .store(Optional.of(store.settings()))
                    .outOfOrderness(Duration.ofSeconds(2))
                    // a feed quiet this long is idle and its event time moves on with the clock:
                    // longer than a replay's pauses on a loaded machine, or minutes close early
                    .idleTimeout(Duration.ofSeconds(20))
                    .checkpointInterval(Duration.ofSeconds(1))
                    .brokerSettings(EmbeddedKafka.PROMPT_RETENTION)
                    .build())) {
      ApiClient api = new ApiClient(stack.apiUrl());
      store.stop();
      ReplaySummary summary =
          new Replayer(stack.apiUrl(), Optional.empty(), ReplaySpeed.MAX, 1000)
              .replay(events, (sent, read, total) -> {});
      assertThat(summary.rejected()).isZero();

      // alerts do not wait for the store
      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () ->
                  assertThat(signalsBefore(stack, expected.signalCutoff()))
                      .isEqualTo(expected.signals()));

      store.start();
      String range = "from=" + START + "&to=" + START.plus(Duration.ofHours(1));
      await()
          .atMost(Duration.ofSeconds(180))
          .untilAsserted(
              () -> {
                for (var region : expected.orders().entrySet()) {
                  assertThat(api.series("orders", range + "&region=" + region.getKey()))
                      .as("orders " + region.getKey())
                      .isEqualTo(region.getValue());
                }
                for (var series : expected.revenue().entrySet()) {
                  String[] regionCurrency = series.getKey().split("/");
                  assertThat(
                          api.series(
                              "revenue",
                              range
                                  + "&region="
                                  + regionCurrency[0]
                                  + "&currency="
                                  + regionCurrency[1]))
                      .as("revenue " + series.getKey())
                      .isEqualTo(series.getValue());
                }
              });
      assertThat(TopicReader.firstOffsets(stack.kafkaBootstrap(), Topics.KPIS)).containsValue(0L);
      assertThat(TopicReader.firstOffsets(stack.kafkaBootstrap(), Topics.ORDERS)).containsValue(0L);
    }
  }

  private static Expected count(List<String> lines) throws Exception {
    Map<String, Map<Instant, Double>> orders = new TreeMap<>();
    Map<String, Map<Instant, BigDecimal>> revenue = new TreeMap<>();
    Instant lastOrderEvent = START;
    for (String line : lines) {
      JsonNode event = Json.mapper().readTree(line);
      EventType type = EventType.fromWireName(event.get("type").asText()).orElseThrow();
      if (type.category() != EventCategory.ORDER) {
        continue;
      }
      // the order KPIs' event time is that of the orders topic: every order event moves it
      Instant at = Instant.parse(event.get("occurredAt").asText());
      if (at.isAfter(lastOrderEvent)) {
        lastOrderEvent = at;
      }
      Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
      String region = event.get("region").asText();
      // a minute with order events but no new order reads 0 orders (not "no data")
      orders.computeIfAbsent(region, r -> new TreeMap<>()).putIfAbsent(minute, 0.0);
      if (type == EventType.ORDER_CREATED) {
        orders.get(region).merge(minute, 1.0, Double::sum);
        revenue
            .computeIfAbsent(region + "/" + event.get("currency").asText(), r -> new TreeMap<>())
            .merge(minute, event.get("amount").decimalValue(), BigDecimal::add);
      }
    }
    Map<String, Map<Instant, Double>> revenueValues = new TreeMap<>();
    revenue.forEach(
        (series, sums) -> {
          Map<Instant, Double> values = new TreeMap<>();
          sums.forEach((minute, sum) -> values.put(minute, sum.doubleValue()));
          revenueValues.put(series, values);
        });
    // silences that start after this may or may not have been decided when the test looks
    Instant cutoff = lastOrderEvent.truncatedTo(ChronoUnit.MINUTES).minus(MINUTE);
    return new Expected(orders, revenueValues, ordersStopped(orders, cutoff), cutoff);
  }

  /**
   * The rule, stated independently: the rule judges a minute in which some region reported; a
   * region that had orders before and none in such a minute is firing from it until a minute with
   * its orders. (A minute in which no region reported is judged by no one: silence is seen while
   * others report.)
   */
  private static Map<String, List<String>> ordersStopped(
      Map<String, Map<Instant, Double>> orders, Instant cutoff) {
    TreeSet<Instant> judged = new TreeSet<>();
    orders.values().forEach(perMinute -> judged.addAll(perMinute.keySet()));
    Map<String, List<String>> signals = new TreeMap<>();
    orders.forEach(
        (region, perMinute) -> {
          List<String> list = new ArrayList<>();
          boolean known = false;
          Instant firingSince = null;
          for (Instant minute : judged) {
            boolean ordered = perMinute.getOrDefault(minute, 0.0) > 0;
            if (ordered) {
              if (firingSince != null) {
                list.add("resolved " + firingSince + " " + minute);
                firingSince = null;
              }
              known = true;
            } else if (known && firingSince == null && minute.isBefore(cutoff)) {
              list.add("firing " + minute);
              firingSince = minute;
            }
          }
          if (!list.isEmpty()) {
            signals.put(region, list);
          }
        });
    return signals;
  }

  private static Map<String, List<String>> signalsBefore(StandaloneStack stack, Instant cutoff) {
    Map<String, List<String>> signals = new TreeMap<>();
    for (AlertSignal s : TopicReader.values(stack.kafkaBootstrap(), Topics.ALERT_SIGNALS)) {
      // the rule this test checks; the other jobs' signals (a stock-out) need not name a region
      if (s.rule().equals("orders_stopped") && s.startsAt().isBefore(cutoff)) {
        signals
            .computeIfAbsent(s.labels().get("region"), r -> new ArrayList<>())
            .add(
                s.status().name().toLowerCase()
                    + " "
                    + s.startsAt()
                    + (s.endsAt() == null ? "" : " " + s.endsAt()));
      }
    }
    return signals;
  }
}
