package com.opsmon.launcher.replay;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay did: lines sent, what the monitor accepted and refused (by reason), how long it
 * took.
 */
public record ReplaySummary(
    long sent, long accepted, long rejected, Map<String, Long> rejectedByReason, Duration took) {
  public ReplaySummary {
    rejectedByReason = Map.copyOf(new TreeMap<>(rejectedByReason));
  }

  public double eventsPerSecond() {
    return took.isZero() ? sent : sent / (took.toNanos() / 1e9);
  }

  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder()
            .append(
                String.format(
                    "replayed %,d events in %.1f s (%,.0f events/s): %,d accepted, %,d rejected",
                    sent, took.toMillis() / 1000.0, eventsPerSecond(), accepted, rejected));
    rejectedByReason.forEach((reason, n) -> text.append(String.format("%n  %-20s %,d", reason, n)));
    return text.toString();
  }
}
