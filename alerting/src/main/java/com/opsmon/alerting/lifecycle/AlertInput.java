package com.opsmon.alerting.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.opsmon.model.alerts.AckCommand;
import com.opsmon.model.alerts.AlertSignal;

/** What moves an alert: a rule's signal or a person's acknowledgement (exactly one is set). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertInput(AlertSignal signal, AckCommand ack) {
  public static AlertInput of(AlertSignal signal) {
    return new AlertInput(signal, null);
  }

  public static AlertInput of(AckCommand ack) {
    return new AlertInput(null, ack);
  }

  /** The rule it concerns: every alert of a rule is kept in one place. */
  public String rule() {
    if (signal != null) {
      return signal.rule() == null ? "" : signal.rule();
    }
    return ack == null || ack.rule() == null ? "" : ack.rule();
  }
}
