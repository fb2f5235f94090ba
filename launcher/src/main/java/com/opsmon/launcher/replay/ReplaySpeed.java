package com.opsmon.launcher.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How fast a replay goes: {@code max} sends as fast as the monitor accepts; {@code Nx} keeps the
 * events' own spacing, N times faster ({@code 1x} is real time).
 */
public record ReplaySpeed(double factor) {
  public static final ReplaySpeed MAX = new ReplaySpeed(Double.POSITIVE_INFINITY);

  public static ReplaySpeed parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("max")) {
      return MAX;
    }
    try {
      double factor =
          Double.parseDouble(value.endsWith("x") ? value.substring(0, value.length() - 1) : value);
      if (factor > 0 && Double.isFinite(factor)) {
        return new ReplaySpeed(factor);
      }
    } catch (NumberFormatException e) {
      // fall through to the explanation
    }
    throw new IllegalArgumentException(
        "speed must be 'max' or a factor such as 1x or 60x, not '" + text + "'");
  }

  public boolean paced() {
    return Double.isFinite(factor);
  }

  /** How long after the replay started an event at {@code eventTime} is due. */
  public Duration dueAfter(Instant firstEventTime, Instant eventTime) {
    if (!paced() || eventTime.isBefore(firstEventTime)) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(
        (long) (Duration.between(firstEventTime, eventTime).toNanos() / factor));
  }

  @Override
  public String toString() {
    return paced()
        ? (factor == Math.rint(factor) ? String.valueOf((long) factor) : String.valueOf(factor))
            + "x"
        : "max";
  }
}
