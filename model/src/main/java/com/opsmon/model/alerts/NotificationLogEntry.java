package com.opsmon.model.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One line of the notification log: a notification queued for a receiver, each attempt at
 * delivering it and how it ended, or an alert change that was not sent and why.
 *
 * @param attempt the attempt's number (1, 2, ...); 0 for entries that are not attempts
 * @param fingerprints the alerts the entry is about
 * @param detail the receiver's answer, the error, or why nothing was sent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationLogEntry(
    Instant at,
    String receiver,
    String idempotencyKey,
    String groupKey,
    Outcome outcome,
    int attempt,
    AlertStatus status,
    List<String> fingerprints,
    String detail) {
  /** What happened. */
  public enum Outcome {
    /** Waiting in the receiver's queue. */
    QUEUED,
    /** The receiver accepted it. */
    DELIVERED,
    /** An attempt failed; it will be tried again. */
    FAILED,
    /** The receiver refused it for good (e.g. HTTP 400); not tried again. */
    REJECTED,
    /** Tried for longer than the give-up time; not tried again. */
    ABANDONED,
    /** Not sent: silenced, inhibited, in a maintenance window, or over a cap. */
    SUPPRESSED,
    /** Not sent, but noted: e.g. an alert resolved that had never been notified. */
    RECORDED;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Outcome parse(String value) {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** True when nothing more will happen to the notification. */
    public boolean finished() {
      return this == DELIVERED || this == REJECTED || this == ABANDONED;
    }
  }

  public NotificationLogEntry {
    fingerprints = fingerprints == null ? List.of() : List.copyOf(fingerprints);
  }
}
