package com.opsmon.alerting.lifecycle;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import java.util.Optional;

/**
 * The lifecycle of one alert as a pure function: given what is known of it and a new signal, what
 * it becomes and whether that is a change someone must be told about. Repeated and stale signals
 * (replays, redeliveries) change nothing.
 */
public final class AlertLifecycle {
  private AlertLifecycle() {}

  /** The alert's state after a signal, and the state change to notify, if any. */
  public record Step(AlertSignal state, Optional<AlertSignal> change) {
    static Step unchanged(AlertSignal state) {
      return new Step(state, Optional.empty());
    }

    static Step changedTo(AlertSignal state) {
      return new Step(state, Optional.of(state));
    }
  }

  public static Step next(AlertSignal current, AlertSignal signal) {
    boolean firing = current != null && current.status() == AlertStatus.FIRING;
    if (signal.status() == AlertStatus.FIRING) {
      if (firing) {
        return Step.unchanged(current);
      }
      if (current != null
          && current.endsAt() != null
          && !signal.startsAt().isAfter(current.endsAt())) {
        // a replay of an episode that has already ended
        return Step.unchanged(current);
      }
      return Step.changedTo(signal);
    }
    if (!firing) {
      return Step.unchanged(current);
    }
    if (signal.endsAt() != null && signal.endsAt().isBefore(current.startsAt())) {
      // resolves an earlier episode, not this one
      return Step.unchanged(current);
    }
    return Step.changedTo(
        new AlertSignal(
            current.rule(),
            current.labels(),
            AlertStatus.RESOLVED,
            current.severity(),
            signal.summary(),
            signal.value(),
            current.expectedRange(),
            current.startsAt(),
            signal.endsAt(),
            current.runbookUrl()));
  }
}
