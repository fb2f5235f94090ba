package com.opsmon.alerting.lifecycle;

import com.opsmon.alerting.config.AlertingConfig;
import com.opsmon.model.alerts.Ack;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.AlertView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle of one alert as pure functions: given what is known of it, an input (a rule's
 * signal, a person's acknowledgement, or the clock) and the time, what it becomes and which changes
 * must be published. Repeated and stale signals (replays, redeliveries) change nothing.
 *
 * <p>pending ({@code for} not elapsed) → firing → resolved; firing → acknowledged (until it
 * resolves or the ack expires); too many changes within the flapping window (signals' event time) →
 * flapping, published once and held until no change arrived for the quiet period.
 */
public final class AlertLifecycle {
  private final AlertingConfig.Lifecycle settings;

  public AlertLifecycle(AlertingConfig.Lifecycle settings) {
    this.settings = settings;
  }

  /**
   * The record after an input, or null when the alert is forgotten; the views to publish, in order
   * (a null view is a tombstone).
   */
  public record Step(AlertRecord record, List<AlertView> published, boolean stored) {
    static Step unchanged(AlertRecord record) {
      return new Step(record, List.of(), false);
    }

    static Step held(AlertRecord record) {
      return new Step(record, List.of(), true);
    }

    static Step published(AlertRecord record, AlertView... views) {
      return new Step(record, List.of(views), true);
    }
  }

  public Step onSignal(AlertRecord current, AlertSignal signal, Instant now) {
    return signal.status() == AlertStatus.FIRING
        ? firing(current, signal, now)
        : resolved(current, signal, now);
  }

  private Step firing(AlertRecord current, AlertSignal signal, Instant now) {
    if (current != null && current.state() == AlertState.FLAPPING) {
      if (current.condition() == AlertStatus.FIRING
          || !signal.startsAt().isAfter(current.signal().endsAt())) {
        return Step.unchanged(current);
      }
      return Step.held(
          new AlertRecord(
              current
                  .view()
                  .moveTo(
                      AlertState.FLAPPING,
                      signal,
                      current.view().ack(),
                      current.view().updatedAt(),
                      "held: flapping (firing again)"),
              AlertStatus.FIRING,
              null,
              changed(current.changes(), signal.startsAt()),
              now,
              false));
    }
    if (current != null && current.state() != AlertState.RESOLVED) {
      return Step.unchanged(current);
    }
    if (current != null
        && current.signal().endsAt() != null
        && !signal.startsAt().isAfter(current.signal().endsAt())) {
      // a replay of an episode that has already ended
      return Step.unchanged(current);
    }
    List<Instant> changes =
        changed(current == null ? List.of() : current.changes(), signal.startsAt());
    AlertView before = current == null ? newView(signal, now) : current.view();
    if (flapping(changes)) {
      return flap(before, signal, AlertStatus.FIRING, changes, now);
    }
    Instant firesAt = signal.startsAt().plus(settings.pendingFor(AlertView.routingLabels(signal)));
    if (now.isBefore(firesAt)) {
      AlertView pending =
          before.moveTo(
              AlertState.PENDING, signal, null, now, "pending until " + firesAt + " (for)");
      return Step.published(
          new AlertRecord(pending, AlertStatus.FIRING, firesAt, changes, now, false), pending);
    }
    AlertView firing = before.moveTo(AlertState.FIRING, signal, null, now, "firing");
    return Step.published(
        new AlertRecord(firing, AlertStatus.FIRING, null, changes, now, false), firing);
  }

  private Step resolved(AlertRecord current, AlertSignal signal, Instant now) {
    if (current == null) {
      return Step.unchanged(null);
    }
    Instant endsAt = signal.endsAt() != null ? signal.endsAt() : signal.startsAt();
    if (endsAt.isBefore(current.signal().startsAt())) {
      // resolves an earlier episode, not this one
      return Step.unchanged(current);
    }
    AlertSignal resolution = resolution(current.signal(), signal, endsAt);
    switch (current.state()) {
      case RESOLVED:
        return Step.unchanged(current);
      case FLAPPING:
        if (current.condition() == AlertStatus.RESOLVED) {
          return Step.unchanged(current);
        }
        return Step.held(
            new AlertRecord(
                current
                    .view()
                    .moveTo(
                        AlertState.FLAPPING,
                        resolution,
                        current.view().ack(),
                        current.view().updatedAt(),
                        "held: flapping (resolved meanwhile)"),
                AlertStatus.RESOLVED,
                null,
                changed(current.changes(), endsAt),
                now,
                false));
      case PENDING:
        if (endsAt.isBefore(current.firesAt())) {
          AlertView never =
              current
                  .view()
                  .moveTo(
                      AlertState.RESOLVED,
                      resolution,
                      null,
                      now,
                      "resolved before its for elapsed");
          return Step.published(
              new AlertRecord(never, AlertStatus.RESOLVED, null, current.changes(), now, false),
              never);
        }
        // held long enough, but the clock had not promoted it yet: it fired, then resolved
        AlertView fired =
            current
                .view()
                .moveTo(
                    current.view().ack() != null ? AlertState.ACKNOWLEDGED : AlertState.FIRING,
                    current.signal(),
                    current.view().ack(),
                    now,
                    "firing");
        AlertView over = fired.moveTo(AlertState.RESOLVED, resolution, null, now, "resolved");
        return Step.published(
            new AlertRecord(
                over, AlertStatus.RESOLVED, null, changed(current.changes(), endsAt), now, false),
            fired,
            over);
      default:
        List<Instant> changes = changed(current.changes(), endsAt);
        if (flapping(changes)) {
          return flap(current.view(), resolution, AlertStatus.RESOLVED, changes, now);
        }
        AlertView done =
            current.view().moveTo(AlertState.RESOLVED, resolution, null, now, "resolved");
        return Step.published(
            new AlertRecord(done, AlertStatus.RESOLVED, null, changes, now, false), done);
    }
  }

  /** A person's acknowledgement; an alert that is not firing or pending ignores it. */
  public Step onAck(AlertRecord current, Ack ack, Instant now) {
    if (current == null || current.state() == AlertState.RESOLVED || current.folded()) {
      return Step.unchanged(current);
    }
    if (!ack.until().isAfter(now)) {
      return Step.unchanged(current);
    }
    AlertState next =
        current.state() == AlertState.FIRING ? AlertState.ACKNOWLEDGED : current.state();
    AlertView acked =
        current
            .view()
            .moveTo(
                next,
                current.signal(),
                ack,
                now,
                "acknowledged by " + ack.by() + " until " + ack.until());
    return Step.published(
        new AlertRecord(
            acked,
            current.condition(),
            current.firesAt(),
            current.changes(),
            current.lastChangeSeen(),
            false),
        acked);
  }

  /** What the passing of time does: fire pending alerts, expire acks, settle flapping, forget. */
  public Step onTick(AlertRecord current, Instant now) {
    AlertView view = current.view();
    Ack ack = view.ack();
    switch (view.state()) {
      case PENDING:
        if (!now.isBefore(current.firesAt())) {
          boolean acked = ack != null && ack.until().isAfter(now);
          AlertView fired =
              view.moveTo(
                  acked ? AlertState.ACKNOWLEDGED : AlertState.FIRING,
                  view.signal(),
                  acked ? ack : null,
                  now,
                  "firing (held for its for)");
          return Step.published(
              new AlertRecord(
                  fired,
                  AlertStatus.FIRING,
                  null,
                  current.changes(),
                  current.lastChangeSeen(),
                  false),
              fired);
        }
        return Step.unchanged(current);
      case ACKNOWLEDGED:
        if (!now.isBefore(ack.until())) {
          AlertView expired =
              view.moveTo(
                  AlertState.FIRING,
                  view.signal(),
                  null,
                  now,
                  "acknowledgement by " + ack.by() + " expired");
          return Step.published(
              new AlertRecord(
                  expired,
                  AlertStatus.FIRING,
                  null,
                  current.changes(),
                  current.lastChangeSeen(),
                  false),
              expired);
        }
        return Step.unchanged(current);
      case FLAPPING:
        if (Duration.between(current.lastChangeSeen(), now).compareTo(settings.flapQuiet()) < 0) {
          return Step.unchanged(current);
        }
        boolean firing = current.condition() == AlertStatus.FIRING;
        boolean acked = ack != null && ack.until().isAfter(now);
        AlertState settled =
            !firing ? AlertState.RESOLVED : acked ? AlertState.ACKNOWLEDGED : AlertState.FIRING;
        AlertView calm =
            view.moveTo(
                settled,
                view.signal(),
                settled == AlertState.ACKNOWLEDGED ? ack : null,
                now,
                "settled after flapping: " + settled.wireName());
        return Step.published(
            new AlertRecord(calm, current.condition(), null, List.of(), now, false), calm);
      case RESOLVED:
        if (Duration.between(view.updatedAt(), now).compareTo(settings.resolvedRetention()) >= 0) {
          return new Step(null, java.util.Collections.singletonList(null), true);
        }
        return Step.unchanged(current);
      default:
        return Step.unchanged(current);
    }
  }

  private Step flap(
      AlertView before,
      AlertSignal signal,
      AlertStatus condition,
      List<Instant> changes,
      Instant now) {
    AlertView flapping =
        before.moveTo(
            AlertState.FLAPPING,
            signal,
            before.ack(),
            now,
            changes.size() + " changes within " + settings.flapWindow() + ": flapping, held");
    return Step.published(
        new AlertRecord(flapping, condition, null, changes, now, false), flapping);
  }

  private static AlertView newView(AlertSignal signal, Instant now) {
    return new AlertView(signal.fingerprint(), AlertState.PENDING, signal, null, now, List.of());
  }

  /** The changes with one more, keeping only as many as the flapping threshold needs. */
  private List<Instant> changed(List<Instant> changes, Instant at) {
    List<Instant> out = new ArrayList<>(changes);
    out.add(at);
    out.sort(null);
    int keep = settings.flapChanges();
    return out.size() > keep ? List.copyOf(out.subList(out.size() - keep, out.size())) : out;
  }

  private boolean flapping(List<Instant> changes) {
    if (changes.size() < settings.flapChanges()) {
      return false;
    }
    Instant newest = changes.get(changes.size() - 1);
    Instant oldest = changes.get(changes.size() - settings.flapChanges());
    return Duration.between(oldest, newest).compareTo(settings.flapWindow()) <= 0;
  }

  private static AlertSignal resolution(AlertSignal firing, AlertSignal resolved, Instant endsAt) {
    return new AlertSignal(
        firing.rule(),
        firing.labels(),
        AlertStatus.RESOLVED,
        firing.severity(),
        resolved.summary() != null ? resolved.summary() : firing.summary(),
        resolved.value(),
        firing.expectedRange(),
        firing.startsAt(),
        endsAt,
        firing.runbookUrl());
  }
}
