package com.opsmon.ingest.simulator;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What was injected into a simulation, to score detection against: each incident's kind, scope,
 * window and the KPIs it should move. Serialises with {@code com.opsmon.model.json.Json}; scopes
 * are sorted by key so the same incidents always give the same JSON.
 */
public record GroundTruth(List<Entry> incidents) {
  public GroundTruth {
    incidents = List.copyOf(incidents);
  }

  public static GroundTruth of(List<Incident> incidents) {
    return new GroundTruth(
        incidents.stream()
            .map(
                i ->
                    new Entry(
                        i.kind(),
                        i.scope(),
                        i.start(),
                        i.end(),
                        i.severity(),
                        IncidentKind.fromWireName(i.kind())
                            .map(IncidentKind::expectedKpis)
                            .orElse(List.of())))
            .toList());
  }

  /**
   * One injected incident.
   *
   * @param end exclusive
   * @param expectedKpis the KPI names the incident should visibly move
   */
  public record Entry(
      String kind,
      Map<String, String> scope,
      Instant start,
      Instant end,
      double severity,
      List<String> expectedKpis) {
    public Entry {
      scope = Collections.unmodifiableSortedMap(new TreeMap<>(scope));
      expectedKpis = List.copyOf(expectedKpis);
    }
  }
}
