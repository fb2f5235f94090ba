package com.opsmon.model.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One notification to one receiver about one group of alerts, exactly as it will be delivered.
 *
 * @param idempotencyKey the same for every attempt at this notification, different for every other
 *     (a receiver discards a redelivery by it)
 * @param groupKey the group (route and group labels)
 * @param status firing when any alert in it fires, else resolved
 * @param alerts the alerts, firing ones first; at most the group cap
 * @param truncated how many more alerts of the group were folded into the last one
 * @param kind what the receiver is asked to do: notify, or record a person's acknowledgement
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Notification(
    String idempotencyKey,
    String receiver,
    String groupKey,
    Map<String, String> groupLabels,
    AlertStatus status,
    List<Alert> alerts,
    int truncated,
    Kind kind,
    Instant createdAt) {
  /** What the notification asks of the receiver. */
  public enum Kind {
    NOTIFY,
    ACKNOWLEDGE
  }

  /** One alert in a notification. */
  public record Alert(String fingerprint, AlertSignal signal, AlertState state, Ack ack) {
    public AlertStatus status() {
      return state == AlertState.RESOLVED ? AlertStatus.RESOLVED : AlertStatus.FIRING;
    }
  }

  public Notification {
    groupLabels = Map.copyOf(groupLabels);
    alerts = List.copyOf(alerts);
  }
}
