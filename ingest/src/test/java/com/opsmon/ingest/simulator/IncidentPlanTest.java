package com.opsmon.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentPlanTest {
  private static final Instant DAY = Instant.parse("2026-11-25T00:00:00Z");

  @TempDir Path dir;

  @Test
  void shouldLoadOneIncidentOfEachKindFromTheDefaultDay() {
    List<Incident> incidents = IncidentPlan.defaultDay(DAY);

    assertThat(incidents)
        .extracting(Incident::kind)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(IncidentKind.values()).map(IncidentKind::wireName).toList());
    assertThat(incidents)
        .allSatisfy(
            i -> {
              assertThat(i.start()).isAfterOrEqualTo(DAY);
              assertThat(i.end()).isBeforeOrEqualTo(DAY.plus(Duration.ofDays(1)));
            });
  }

  @Test
  void shouldPlaceTheDefaultDayIncidentsAfterTheGivenDayStart() {
    Instant otherDay = DAY.plus(Duration.ofDays(3));

    List<Incident> moved = IncidentPlan.defaultDay(otherDay);

    assertThat(moved.get(0).start())
        .isEqualTo(IncidentPlan.defaultDay(DAY).get(0).start().plus(Duration.ofDays(3)));
  }

  @Test
  void shouldReadOffsetsInstantsDurationsSeverityAndScope() {
    String yaml =
        """
        # a comment
        dayStart: 2026-11-25T00:00:00Z
        incidents:
        - kind: payment_outage   # the list may start at the key's own indentation
          start: "02:30"
          duration: 45m
          severity: 0.5
          scope: {region: eu}
        - kind: stockout
          start: 2026-11-26T01:00:00+01:00
          duration: PT2H
          scope:
            sku: 'sku-1002'
        - kind: latency_regression
          start: 26:00:30
          duration: 90s
          scope:
            service: "search"
        """;

    List<Incident> incidents = IncidentPlan.parse(yaml, null);

    assertThat(incidents)
        .containsExactly(
            new Incident(
                "payment_outage",
                DAY.plus(Duration.ofMinutes(150)),
                Duration.ofMinutes(45),
                Map.of("region", "eu"),
                0.5),
            new Incident(
                "stockout",
                Instant.parse("2026-11-26T00:00:00Z"),
                Duration.ofHours(2),
                Map.of("sku", "sku-1002"),
                1.0),
            new Incident(
                "latency_regression",
                Instant.parse("2026-11-26T02:00:30Z"),
                Duration.ofSeconds(90),
                Map.of("service", "search"),
                1.0));
  }

  @Test
  void shouldLoadAFileAndNameItInErrors() throws IOException {
    Path file = dir.resolve("incidents.yaml");
    Files.writeString(
        file,
        "incidents:\n  - kind: feed_stop\n    start: \"01:00\"\n    duration: 10m\n    scope: {region: eu}\n");

    assertThat(IncidentPlan.load(file, DAY)).hasSize(1);
    assertThatThrownBy(() -> IncidentPlan.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("no dayStart");
  }

  @Test
  void shouldRefuseMistakesWithAMessageThatPointsAtThem() {
    assertThatThrownBy(
            () ->
                parse(
                    "incidents:\n  - kind: payment_outge\n    start: \"01:00\"\n    duration: 1h\n"))
        .hasMessageContaining("unknown incident kind 'payment_outge'");
    assertThatThrownBy(
            () ->
                parse(
                    "incidents:\n  - kind: warehouse_stall\n    start: \"01:00\"\n    duration: 1h\n"))
        .hasMessageContaining("needs scope 'warehouse'");
    assertThatThrownBy(
            () ->
                parse(
                    "incidents:\n  - kind: payment_outage\n    start: \"01:00\"\n    duration: 1h\n    scope: {warehouse: ams-1}\n"))
        .hasMessageContaining("does not take scope 'warehouse'");
    assertThatThrownBy(() -> parse("incidents:\n  - kind: traffic_surge\n    strat: \"01:00\"\n"))
        .hasMessageContaining("unknown key 'strat'");
    assertThatThrownBy(
            () ->
                parse(
                    "incidents:\n  - kind: traffic_surge\n    start: \"01:00\"\n    duration: 1h\n    severity: 2\n"))
        .hasMessageContaining("severity must be within 0..1");
    assertThatThrownBy(() -> parse("incidents:\n\t- kind: traffic_surge\n"))
        .hasMessageContaining("not valid YAML")
        .hasMessageContaining("line 2");
  }

  @Test
  void shouldGiveNoIncidentsForAnEmptyFile() {
    assertThat(parse("# nothing planned\n")).isEmpty();
    assertThat(parse("incidents: []\n")).isEmpty();
  }

  private static List<Incident> parse(String yaml) {
    return IncidentPlan.parse(yaml, DAY);
  }
}
