package com.opsmon.jobs.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.ingest.simulator.IncidentPlan;
import com.opsmon.ingest.simulator.RetailSimulator;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.Pipelines;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.Events;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The oracle test: a simulated day with one incident of each kind, fed to the Flink jobs on a
 * MiniCluster shuffled within the out-of-orderness bound, gives exactly the KPI values a plain-Java
 * reference computes from the catalog's definitions (counts, sums and rates exactly; quantiles
 * within the sketch's error). A failure lists every KPI that differs.
 */
class KpiOracleIT {
  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);

  /** Yesterday's day, placed relative to the clock. */
  private static final Instant DAY =
      Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS);

  private static List<Event> events;
  private static SortedMap<PointKey, Double> flink;

  @BeforeAll
  static void runTheDay() throws Exception {
    events = simulatedDay();
    List<KpiPoint> points =
        FiniteRun.run(
                shuffledWithin(events, OUT_OF_ORDERNESS, new Random(3)),
                List.of(),
                OUT_OF_ORDERNESS,
                new Pipelines.Settings(Duration.ofHours(1)),
                FiniteRun.KeptKpis.only(ORACLE_KPIS),
                FiniteRun.EventTime.PERIODIC)
            .kpis();
    flink = new TreeMap<>();
    // a corrected point replaces the earlier one, as in the store
    points.forEach(p -> flink.put(PointKey.of(p), p.value()));
  }

  static List<Event> simulatedDay() {
    List<Event> day = new ArrayList<>();
    new RetailSimulator(new SimulationSettings(17, DAY, 2, IncidentPlan.defaultDay(DAY)))
        .advanceTo(
            DAY.plus(Duration.ofDays(1)), e -> day.add(Events.parse(Json.writeBytes(e.json()))));
    return day;
  }

  /**
   * Each event delayed by a random part of the bound, then ordered by that arrival: no event
   * arrives after one more than the bound younger, so none is late.
   */
  static List<Event> shuffledWithin(List<Event> events, Duration bound, Random random) {
    record Arrival(Event event, long at) {}
    return events.stream()
        .map(e -> new Arrival(e, e.occurredAt().toEpochMilli() + random.nextLong(bound.toMillis())))
        .sorted(Comparator.comparingLong(Arrival::at))
        .map(Arrival::event)
        .toList();
  }

  @Test
  void shouldComputeEveryKpiOfASimulatedDayAsTheReferenceDoes() {
    SortedMap<PointKey, Double> reference = ReferenceKpis.compute(events);
    assertThat(reference).isNotEmpty();

    Map<String, List<String>> differences = new TreeMap<>();
    reference.forEach(
        (key, expected) -> {
          Double actual = flink.get(key);
          if (actual == null) {
            differences.computeIfAbsent(key.kpi(), k -> new ArrayList<>()).add("missing " + key);
          } else if (!close(key.kpi(), expected, actual)) {
            differences
                .computeIfAbsent(key.kpi(), k -> new ArrayList<>())
                .add(key + ": expected " + expected + ", got " + actual);
          }
        });
    flink.keySet().stream()
        .filter(key -> isReferenced(key.kpi()) && !reference.containsKey(key))
        .forEach(
            key ->
                differences.computeIfAbsent(key.kpi(), k -> new ArrayList<>()).add("extra " + key));

    assertThat(differences)
        .as(
            () ->
                "KPIs that differ from the reference:\n"
                    + differences.entrySet().stream()
                        .map(
                            e ->
                                e.getKey()
                                    + " ("
                                    + e.getValue().size()
                                    + " points), e.g. "
                                    + e.getValue().subList(0, Math.min(3, e.getValue().size())))
                        .collect(Collectors.joining("\n")))
        .isEmpty();
  }

  private static boolean isReferenced(String kpi) {
    return ORACLE_KPIS.contains(kpi);
  }

  /** The KPIs the reference computes, for the "extra point" check. */
  private static final java.util.Set<String> ORACLE_KPIS = ReferenceKpis.kpiNames();

  private static boolean close(String kpi, double expected, double actual) {
    return Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected));
  }
}
