package com.opsmon.model.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where an alert stands in the alert manager: {@code pending} while its {@code for} has not
 * elapsed, then {@code firing}, {@code acknowledged} once a person took it (no repeat
 * notifications), {@code flapping} when it changes too often (notified once, then held), and {@code
 * resolved}.
 */
public enum AlertState {
  PENDING,
  FIRING,
  ACKNOWLEDGED,
  FLAPPING,
  RESOLVED;

  /** True for the states receivers are told about as a firing alert. */
  public boolean active() {
    return this == FIRING || this == ACKNOWLEDGED || this == FLAPPING;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static AlertState parse(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
