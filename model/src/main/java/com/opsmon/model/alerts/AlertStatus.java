package com.opsmon.model.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether an alert's condition holds; spelled as Alertmanager spells it on the wire. */
public enum AlertStatus {
  FIRING,
  RESOLVED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  static AlertStatus parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
