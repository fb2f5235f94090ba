package com.opsmon.model.kpi;

import java.time.Duration;
import java.util.List;

/**
 * What a KPI means, defined once: its name (the API's {@code {kpi}}), what it measures, its unit,
 * the tags of its series, the tags it is also totalled over, and the event-time windows it is
 * computed for. The jobs emit, the store holds, the API serves and docs/KPIS.md describes exactly
 * this.
 *
 * @param tags every point of the KPI carries each of these tags
 * @param totalled tags over which a total series is also emitted, with the value {@link #ALL} (e.g.
 *     {@code orders{region=eu, channel=all}} counts eu's orders on every channel)
 * @param windows the window sizes it is computed for; the first is the primary one
 * @param example what a point reads like, for people
 */
public record KpiDefinition(
    String name,
    String description,
    String unit,
    List<String> tags,
    List<String> totalled,
    List<Duration> windows,
    String example) {

  /** The tag value of a total over that tag. */
  public static final String ALL = "all";

  public KpiDefinition {
    tags = List.copyOf(tags);
    totalled = List.copyOf(totalled);
    windows = List.copyOf(windows);
    if (!tags.containsAll(totalled)) {
      throw new IllegalArgumentException(name + ": totalled tags must be tags");
    }
    if (windows.isEmpty()) {
      throw new IllegalArgumentException(name + ": no window");
    }
  }

  /** The primary window: the one the API serves unless asked for another. */
  public Duration window() {
    return windows.get(0);
  }
}
