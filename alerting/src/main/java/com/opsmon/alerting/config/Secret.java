package com.opsmon.alerting.config;

/**
 * A value that must never be logged (a webhook URL with its token, a routing key, a password). It
 * remembers where it came from, which is what logs and errors show instead.
 */
public final class Secret {
  private final String origin;
  private final String value;

  private Secret(String origin, String value) {
    this.origin = origin;
    this.value = value;
  }

  public static Secret of(String origin, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(origin + " is empty");
    }
    return new Secret(origin, value.strip());
  }

  /** The secret itself: for the wire only. */
  public String reveal() {
    return value;
  }

  /** Where it came from, e.g. {@code environment variable SLACK_URL}. */
  public String origin() {
    return origin;
  }

  @Override
  public String toString() {
    return "<secret from " + origin + ">";
  }
}
