package com.opsmon.model.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Mutes the alerts every matcher matches from {@code startsAt} until {@code endsAt}. Deleting a
 * silence publishes it again with {@code endsAt} moved to the moment of deletion.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Silence(
    String id,
    List<Matcher> matchers,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    String comment,
    Instant updatedAt) {
  public Silence {
    matchers = List.copyOf(matchers);
  }

  /** Active, pending (not started yet) or expired at {@code now}. */
  public String status(Instant now) {
    if (now.isBefore(startsAt)) {
      return "pending";
    }
    return now.isBefore(endsAt) ? "active" : "expired";
  }

  public boolean mutes(Map<String, String> labels, Instant now) {
    return "active".equals(status(now)) && Matcher.all(matchers, labels);
  }
}
