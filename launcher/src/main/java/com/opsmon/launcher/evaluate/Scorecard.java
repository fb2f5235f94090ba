package com.opsmon.launcher.evaluate;

import com.opsmon.ingest.simulator.GroundTruth;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How well the alerts of a simulated period match its injected incidents, by the project's rule: an
 * incident is detected by the first firing alert whose {@code startsAt} lies between 2 minutes
 * before its start and 10 minutes after its end and one of whose label values equals one of the
 * incident's scope values (an incident without scope is matched by any label); time-to-detect is
 * that {@code startsAt} minus the incident's start; every other firing alert is a false page.
 */
public record Scorecard(List<Detection> incidents, List<AlertSignal> falsePages) {
  static final Duration BEFORE = Duration.ofMinutes(2);
  static final Duration AFTER = Duration.ofMinutes(10);

  /** One incident and the alert that detected it, if any. */
  public record Detection(GroundTruth.Entry incident, Optional<AlertSignal> alert) {
    public Optional<Duration> timeToDetect() {
      return alert.map(a -> Duration.between(incident.start(), a.startsAt()));
    }
  }

  /** Scores the firing alerts (resolved signals are ignored) against the truth. */
  public static Scorecard score(GroundTruth truth, List<AlertSignal> signals) {
    List<AlertSignal> firing =
        signals.stream()
            .filter(s -> s.status() == AlertStatus.FIRING)
            .sorted(Comparator.comparing(AlertSignal::startsAt).thenComparing(AlertSignal::rule))
            .toList();
    Set<AlertSignal> used = new HashSet<>();
    List<Detection> detections = new ArrayList<>();
    List<GroundTruth.Entry> incidents =
        truth.incidents().stream().sorted(Comparator.comparing(GroundTruth.Entry::start)).toList();
    for (GroundTruth.Entry incident : incidents) {
      Optional<AlertSignal> first =
          firing.stream().filter(a -> !used.contains(a) && matches(incident, a)).findFirst();
      first.ifPresent(used::add);
      detections.add(new Detection(incident, first));
    }
    List<AlertSignal> falsePages = firing.stream().filter(a -> !used.contains(a)).toList();
    return new Scorecard(detections, falsePages);
  }

  static boolean matches(GroundTruth.Entry incident, AlertSignal alert) {
    Instant from = incident.start().minus(BEFORE);
    Instant to = incident.end().plus(AFTER);
    if (alert.startsAt().isBefore(from) || alert.startsAt().isAfter(to)) {
      return false;
    }
    return incident.scope().isEmpty()
        || alert.labels().values().stream().anyMatch(incident.scope().values()::contains);
  }

  public long detected() {
    return incidents.stream().filter(d -> d.alert().isPresent()).count();
  }

  /** The median time-to-detect of the detected incidents, if any was. */
  public Optional<Duration> medianTimeToDetect() {
    List<Duration> times =
        incidents.stream().flatMap(d -> d.timeToDetect().stream()).sorted().toList();
    if (times.isEmpty()) {
      return Optional.empty();
    }
    int mid = times.size() / 2;
    return Optional.of(
        times.size() % 2 == 1
            ? times.get(mid)
            : times.get(mid - 1).plus(times.get(mid)).dividedBy(2));
  }
}
