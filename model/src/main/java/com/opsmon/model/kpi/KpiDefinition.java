package com.opsmon.model.kpi;

import java.time.Duration;
import java.util.List;

/** What a KPI means: its name, unit, the window it is computed over and the tags of its series. */
public record KpiDefinition(
    String name, String description, String unit, Duration window, List<String> tags) {
  public KpiDefinition {
    tags = List.copyOf(tags);
  }
}
