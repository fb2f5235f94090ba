package com.opsmon.model.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert as the alert manager sees it now, with its recent history: what the alert-state topic
 * holds per fingerprint and what {@code GET /api/v1/alerts} shows.
 *
 * @param signal the newest rule verdict (labels, severity, summary, value, startsAt, endsAt)
 * @param ack the acknowledgement in force, if any
 * @param updatedAt when the alert manager last changed it (processing time)
 * @param history the newest state changes, oldest first, at most {@link #MAX_HISTORY}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertView(
    String fingerprint,
    AlertState state,
    AlertSignal signal,
    Ack ack,
    Instant updatedAt,
    List<HistoryEntry> history) {
  public static final int MAX_HISTORY = 20;

  /** One state change: when, to what, and why. */
  public record HistoryEntry(Instant at, AlertState state, String detail) {}

  public AlertView {
    history = history == null ? List.of() : List.copyOf(history);
  }

  public String rule() {
    return signal.rule();
  }

  public Map<String, String> labels() {
    return signal.labels();
  }

  /** Labels as receivers see them: the signal's labels plus alertname and severity. */
  public Map<String, String> routingLabels() {
    return routingLabels(signal);
  }

  public static Map<String, String> routingLabels(AlertSignal signal) {
    java.util.TreeMap<String, String> labels = new java.util.TreeMap<>(signal.labels());
    labels.put("alertname", signal.rule());
    if (signal.severity() != null) {
      labels.put("severity", signal.severity().wireName());
    }
    return labels;
  }

  /** This view in another state, with the change appended to its (bounded) history. */
  public AlertView moveTo(
      AlertState next, AlertSignal nextSignal, Ack nextAck, Instant at, String why) {
    List<HistoryEntry> grown = new java.util.ArrayList<>(history);
    grown.add(new HistoryEntry(at, next, why));
    if (grown.size() > MAX_HISTORY) {
      grown = grown.subList(grown.size() - MAX_HISTORY, grown.size());
    }
    return new AlertView(fingerprint, next, nextSignal, nextAck, at, grown);
  }
}
