package com.opsmon.alerting.grouping;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.opsmon.model.alerts.AlertView;
import java.util.Map;

/** An alert's new state, on its way to one group of one route. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupInput(
    String routeId, String receiver, Map<String, String> groupLabels, AlertView alert) {
  public GroupInput {
    groupLabels = Map.copyOf(groupLabels);
  }
}
