package com.opsmon.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationFileTest {
  private static final Instant DAY = Instant.parse("2026-11-25T00:00:00Z");
  private static final Duration THREE_HOURS = Duration.ofHours(3);

  @TempDir Path dir;

  private SimulationSettings settings(long seed) {
    return new SimulationSettings(seed, DAY, 5, IncidentPlan.defaultDay(DAY));
  }

  @Test
  void shouldProduceByteIdenticalFilesForTheSameSeed() throws IOException {
    SimulationFile.write(settings(1), THREE_HOURS, dir.resolve("a.ndjson"), dir.resolve("a.json"));
    SimulationFile.write(settings(1), THREE_HOURS, dir.resolve("b.ndjson"), dir.resolve("b.json"));

    assertThat(sha256(dir.resolve("a.ndjson"))).isEqualTo(sha256(dir.resolve("b.ndjson")));
    assertThat(sha256(dir.resolve("a.json"))).isEqualTo(sha256(dir.resolve("b.json")));
  }

  @Test
  void shouldProduceDifferentEventsForADifferentSeed() throws IOException {
    SimulationFile.write(settings(1), THREE_HOURS, dir.resolve("a.ndjson"), dir.resolve("a.json"));
    SimulationFile.write(settings(2), THREE_HOURS, dir.resolve("b.ndjson"), dir.resolve("b.json"));

    assertThat(sha256(dir.resolve("a.ndjson"))).isNotEqualTo(sha256(dir.resolve("b.ndjson")));
  }

  @Test
  void shouldWriteOneCompactEventPerLineInTimeOrderAndCountThemByType() throws IOException {
    Path events = dir.resolve("events.ndjson");

    SimulationFile.Summary summary =
        SimulationFile.write(settings(3), THREE_HOURS, events, dir.resolve("truth.json"));

    String text = Files.readString(events, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n").doesNotContain("\r");
    List<String> lines = text.lines().toList();
    assertThat(lines).hasSize((int) summary.events());
    Map<String, Long> counted = new TreeMap<>();
    Instant previous = DAY;
    for (String line : lines) {
      var json = Json.mapper().readTree(line);
      assertThat(line).doesNotContainPattern("\\s");
      Instant at = Instant.parse(json.get("occurredAt").textValue());
      assertThat(at).isAfterOrEqualTo(previous).isBefore(DAY.plus(THREE_HOURS));
      previous = at;
      counted.merge(json.get("type").textValue(), 1L, Long::sum);
    }
    assertThat(summary.countsByType()).isEqualTo(counted);
    assertThat(summary.countsByType()).containsKeys("session_started", "order_created");
    assertThat(summary.start()).isEqualTo(DAY);
    assertThat(summary.end()).isEqualTo(DAY.plus(THREE_HOURS));
  }

  @Test
  void shouldWriteTheGroundTruthOfTheIncidentsInsideTheSimulatedWindow() throws IOException {
    Path truth = dir.resolve("truth.json");

    Duration fourHours = Duration.ofHours(4);

    SimulationFile.write(settings(4), fourHours, dir.resolve("events.ndjson"), truth);

    GroundTruth read = Json.read(Files.readAllBytes(truth), GroundTruth.class);
    assertThat(read.incidents())
        .extracting(GroundTruth.Entry::kind)
        .containsExactly("feed_stop", "stockout");
    assertThat(read)
        .isEqualTo(
            GroundTruth.of(
                IncidentPlan.defaultDay(DAY).stream()
                    .filter(i -> i.start().isBefore(DAY.plus(fourHours)))
                    .toList()));
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
