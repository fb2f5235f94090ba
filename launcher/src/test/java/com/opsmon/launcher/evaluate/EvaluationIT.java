package com.opsmon.launcher.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.ingest.simulator.IncidentPlan;
import com.opsmon.ingest.simulator.SimulationFile;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.Pipelines;
import com.opsmon.jobs.StreamJobsConfig;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.Events;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.rules.DefaultRules;
import com.opsmon.model.rules.PublishedRules;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code opsmon evaluate} reads its event file as the jobs go: the same KPIs and alerts as the same
 * events held in memory, lines that are not events counted and skipped, the incidents scored.
 */
class EvaluationIT {
  /**
   * A Tuesday a week or more ago: the simulated traffic depends only on the seed, the weekday and
   * the hour, so every run sees the same day, placed relative to the clock.
   */
  private static final Instant DAY =
      LocalDate.now(ZoneOffset.UTC)
          .minusWeeks(1)
          .with(TemporalAdjusters.previousOrSame(DayOfWeek.TUESDAY))
          .atStartOfDay(ZoneOffset.UTC)
          .toInstant();

  private static final List<PublishedRules> RULES =
      List.of(PublishedRules.of(DefaultRules.load(), Instant.EPOCH, "test"));

  @TempDir Path dir;
  private Path events;
  private Path truth;

  @BeforeEach
  void simulate() throws Exception {
    events = dir.resolve("events.ndjson");
    truth = dir.resolve("truth.json");
    Path plan =
        Files.writeString(
            dir.resolve("plan.yaml"),
            """
            incidents:
              - kind: stockout
                start: "01:00"
                duration: 30m
                scope: {sku: sku-1007, warehouse: lax-1}
            """);
    SimulationFile.write(
        new SimulationSettings(7, DAY, 5, IncidentPlan.load(plan, DAY)),
        Duration.ofMinutes(80),
        events,
        truth);
    Files.writeString(
        events,
        "\nnot JSON at all\n{\"type\":\"no_such_event\",\"eventId\":\"x\"}\n",
        StandardOpenOption.APPEND);
  }

  @Test
  void shouldRunTheJobsOnTheFileAsOnTheSameEventsInMemory() throws Exception {
    EventFile file = EventFile.read(events);
    List<Event> inMemory = new ArrayList<>();
    for (String line : Files.readAllLines(events)) {
      try {
        inMemory.add(Events.parse(line.getBytes(StandardCharsets.UTF_8)));
      } catch (IllegalArgumentException notAnEvent) {
        // as the file skips it
      }
    }

    assertThat(file.events()).isEqualTo(inMemory.size()).isGreaterThan(5_000);
    assertThat(file.unreadable()).as("the two lines that are not events").isEqualTo(2);
    assertThat(file.newest())
        .contains(inMemory.stream().map(Event::occurredAt).max(Instant::compareTo).orElseThrow());

    FiniteRun.Result fromFile = run(file);
    FiniteRun.Result fromMemory = run(inMemory);

    assertThat(fromFile.kpis()).hasSizeGreaterThan(1_000);
    assertThat(ofEventTime(fromFile)).containsExactlyInAnyOrderElementsOf(ofEventTime(fromMemory));
    assertThat(fromFile.alerts()).isNotEmpty();
    assertThat(fromFile.alerts()).containsExactlyInAnyOrderElementsOf(fromMemory.alerts());
  }

  @Test
  void shouldScoreTheIncidentsOfTheFile() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Scorecard card =
        Evaluation.run(
            events,
            truth,
            DefaultRules.load(),
            StreamJobsConfig.DEFAULT_OUT_OF_ORDERNESS,
            new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("(2 lines not events, skipped)");
    assertThat(card.incidents()).hasSize(1);
    assertThat(card.incidents().get(0).alert())
        .hasValueSatisfying(alert -> assertThat(alert.rule()).isEqualTo("stock_collapsed"));
  }

  /** The points of every KPI but the one that reads the wall clock. */
  private static List<KpiPoint> ofEventTime(FiniteRun.Result result) {
    return result.kpis().stream().filter(p -> !p.kpi().equals("watermark_lag")).toList();
  }

  /** Every event after the one before it, so that which events are late does not hang on timing. */
  private static FiniteRun.Result run(FiniteRun.EventStreams events) throws Exception {
    return FiniteRun.run(
        events,
        RULES,
        StreamJobsConfig.DEFAULT_OUT_OF_ORDERNESS,
        new Pipelines.Settings(StreamJobsConfig.DEFAULT_ALLOWED_LATENESS),
        FiniteRun.KeptKpis.ALL,
        FiniteRun.EventTime.EVERY_EVENT);
  }

  private static FiniteRun.Result run(List<Event> events) throws Exception {
    return FiniteRun.run(
        events,
        RULES,
        StreamJobsConfig.DEFAULT_OUT_OF_ORDERNESS,
        new Pipelines.Settings(StreamJobsConfig.DEFAULT_ALLOWED_LATENESS),
        true,
        FiniteRun.EventTime.EVERY_EVENT);
  }
}
