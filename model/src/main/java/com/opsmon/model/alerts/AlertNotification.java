package com.opsmon.model.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A state change of one alert that someone must be told about, exactly as it will be notified. The
 * alert lifecycle emits one per change; notifiers deliver it.
 *
 * @param alert the alert in its new state (status, startsAt and, when resolved, endsAt)
 * @param changedAt when the lifecycle recorded the change (processing time)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertNotification(String fingerprint, AlertSignal alert, Instant changedAt) {

  /** Identifies this state change, so a receiver can discard a redelivery. */
  public String notificationId() {
    return fingerprint + ":" + alert.status().wireName() + ":" + alert.startsAt();
  }
}
