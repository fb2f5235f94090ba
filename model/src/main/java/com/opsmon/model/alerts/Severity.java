package com.opsmon.model.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgently a human must act on an alert. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  static Severity parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
