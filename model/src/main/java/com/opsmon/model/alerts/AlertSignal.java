package com.opsmon.model.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A rule's verdict on one series at one moment of event time: the condition started to hold ({@link
 * AlertStatus#FIRING}) or stopped ({@link AlertStatus#RESOLVED}). Signals may repeat; the alert
 * lifecycle turns them into one notification per state change.
 *
 * @param labels what identifies the alert besides its rule, e.g. {@code region=eu}
 * @param value the observed value that triggered the verdict
 * @param expectedRange what the rule considers normal, in words ({@code "> 0 orders/min"})
 * @param startsAt when the condition began (event time)
 * @param endsAt when it ended (event time); null while firing
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertSignal(
    String rule,
    Map<String, String> labels,
    AlertStatus status,
    Severity severity,
    String summary,
    Double value,
    String expectedRange,
    Instant startsAt,
    Instant endsAt,
    String runbookUrl) {

  public AlertSignal {
    labels = Map.copyOf(labels);
  }

  public String fingerprint() {
    return Fingerprint.of(rule, labels);
  }
}
