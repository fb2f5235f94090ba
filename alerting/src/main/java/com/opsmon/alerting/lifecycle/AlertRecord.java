package com.opsmon.alerting.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.AlertView;
import java.time.Instant;
import java.util.List;

/**
 * What the lifecycle keeps per fingerprint: the alert as published, plus what it needs to decide
 * the next state.
 *
 * @param view the alert as published (state, newest signal, ack, history)
 * @param condition what the rule says now; differs from the view's state while flapping holds it
 * @param firesAt when a pending alert fires (its startsAt plus its {@code for})
 * @param changes event times of its newest changes (firing starts and resolutions), at most the
 *     flapping threshold
 * @param lastChangeSeen when the newest change arrived (processing time): flapping settles after a
 *     quiet period
 * @param folded over its rule's cap: counted in the rule's summary alert, not published
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertRecord(
    AlertView view,
    AlertStatus condition,
    Instant firesAt,
    List<Instant> changes,
    Instant lastChangeSeen,
    boolean folded) {
  public AlertRecord {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  public AlertState state() {
    return view.state();
  }

  public AlertSignal signal() {
    return view.signal();
  }

  /** Counts against its rule's cap: tracked and not resolved. */
  public boolean active() {
    return !folded && view.state() != AlertState.RESOLVED;
  }
}
