package com.opsmon.alerting.grouping;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;

/**
 * A group of alerts on one route: when it is next looked at, and what its receiver was last told.
 *
 * @param createdAt when the group formed
 * @param nextEvalAt when the group is next looked at (group_wait after it formed, then every
 *     group_interval)
 * @param lastNotified fingerprint → what the receiver was last told of it (firing, flapping,
 *     resolved)
 * @param lastNotifiedAt when it was last notified; a repeat is due repeat_interval later
 * @param sequence notifications sent so far
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupState(
    String routeId,
    String receiver,
    Map<String, String> groupLabels,
    Instant createdAt,
    Instant nextEvalAt,
    Map<String, String> lastNotified,
    Instant lastNotifiedAt,
    long sequence) {
  public GroupState {
    groupLabels = Map.copyOf(groupLabels);
    lastNotified = lastNotified == null ? Map.of() : Map.copyOf(lastNotified);
  }
}
