package com.opsmon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.ingest.simulator.SimulationFile;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.launcher.replay.ReplaySpeed;
import com.opsmon.launcher.replay.ReplaySummary;
import com.opsmon.launcher.replay.Replayer;
import com.opsmon.launcher.stack.StackConfig;
import com.opsmon.launcher.stack.StandaloneStack;
import com.opsmon.model.events.EventCategory;
import com.opsmon.model.events.EventType;
import com.opsmon.model.json.Json;
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
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated half hour replayed with 5% of its events sent twice (as a retrying producer would):
 * every per-minute order and revenue value equals the count and sum over the distinct events, and
 * the monitor reports exactly the resent copies as duplicates.
 */
class ReplayDuplicatesIT {
  private static final double RATE = 10;
  private static final Duration SIMULATED = Duration.ofMinutes(30);
  private static final double RESENT_SHARE = 0.05;

  @TempDir Path dir;

  @Test
  void shouldCountEveryKpiInputOnceWhenFivePercentOfEventsAreSentTwice() throws Exception {
    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant start = end.minus(SIMULATED);
    Path original = dir.resolve("events.ndjson");
    SimulationFile.write(
        new SimulationSettings(11, start, RATE, List.of()),
        SIMULATED,
        original,
        dir.resolve("truth.json"));
    List<String> lines = Files.readAllLines(original);
    Path withResends = dir.resolve("events-with-resends.ndjson");
    int resent = writeWithResends(lines, withResends, new Random(5));
    assertThat(resent).isGreaterThan((int) (lines.size() * 0.04));

    Map<String, Map<Instant, Double>> expectedOrders = new TreeMap<>();
    Map<String, Map<Instant, BigDecimal>> expectedRevenue = new TreeMap<>();
    for (String line : lines) {
      JsonNode event = Json.mapper().readTree(line);
      EventType type = EventType.fromWireName(event.get("type").asText()).orElseThrow();
      if (type.category() != EventCategory.ORDER) {
        continue;
      }
      Instant minute =
          Instant.parse(event.get("occurredAt").asText()).truncatedTo(ChronoUnit.MINUTES);
      String region = event.get("region").asText();
      // a minute with order events but no new order reads 0 orders (not "no data")
      expectedOrders.computeIfAbsent(region, r -> new TreeMap<>()).putIfAbsent(minute, 0.0);
      if (type == EventType.ORDER_CREATED) {
        expectedOrders.get(region).merge(minute, 1.0, Double::sum);
        expectedRevenue
            .computeIfAbsent(region + "/" + event.get("currency").asText(), r -> new TreeMap<>())
            .merge(minute, event.get("amount").decimalValue(), BigDecimal::add);
      }
    }

    try (StandaloneStack stack =
        StandaloneStack.start(
            StackConfig.builder(dir.resolve("data"))
                .apiPort(0)
                .rate(0)
                .outOfOrderness(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(3))
                .checkpointInterval(Duration.ofSeconds(1))
                .build())) {
      ApiClient api = new ApiClient(stack.apiUrl());
      ReplaySummary summary =
          new Replayer(stack.apiUrl(), Optional.empty(), ReplaySpeed.MAX, 1000)
              .replay(withResends, (sent, read, total) -> {});
      assertThat(summary.sent()).isEqualTo(lines.size() + resent);
      assertThat(summary.rejected()).isZero();

      String range = "from=" + start + "&to=" + end;
      await()
          .atMost(Duration.ofSeconds(180))
          .untilAsserted(
              () -> {
                for (var region : expectedOrders.entrySet()) {
                  assertThat(api.series("orders", range + "&region=" + region.getKey()))
                      .as(region.getKey())
                      .isEqualTo(region.getValue());
                }
                for (var series : expectedRevenue.entrySet()) {
                  String[] regionCurrency = series.getKey().split("/");
                  Map<Instant, Double> expected = new TreeMap<>();
                  series
                      .getValue()
                      .forEach((minute, sum) -> expected.put(minute, sum.doubleValue()));
                  assertThat(
                          api.series(
                              "revenue",
                              range
                                  + "&region="
                                  + regionCurrency[0]
                                  + "&currency="
                                  + regionCurrency[1]))
                      .as(series.getKey())
                      .isEqualTo(expected);
                }
              });
      assertThat(
              api.metric(
                  "opsmon_ingest_events_total", "outcome=\"duplicate\"", "stage=\"validator\""))
          .isEqualTo(resent);
    }
  }

  /**
   * Copies the file, sending 5% of the lines a second time a little later, as a producer's retry
   * would.
   */
  private static int writeWithResends(List<String> lines, Path out, Random random)
      throws Exception {
    List<String> resends = new ArrayList<>(lines);
    int resent = 0;
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (random.nextDouble() < RESENT_SHARE) {
        resends.add(Math.min(resends.size(), i + 1 + random.nextInt(50)), lines.get(i));
        resent++;
      }
    }
    Files.write(out, resends);
    return resent;
  }
}
