package com.opsmon.alerting.config;

import com.opsmon.model.alerts.Matcher;
import java.util.List;
import java.util.Map;

/**
 * While an alert matching {@code source} fires, alerts matching {@code target} that have the same
 * values for every {@code equal} label are not notified (a payments outage mutes the "orders
 * dropped" alerts it causes in the same region). An alert never inhibits itself.
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<String> equal) {
  public InhibitRule {
    source = List.copyOf(source);
    target = List.copyOf(target);
    equal = List.copyOf(equal);
  }

  public boolean inhibits(Map<String, String> sourceLabels, Map<String, String> targetLabels) {
    if (!Matcher.all(target, targetLabels) || !Matcher.all(source, sourceLabels)) {
      return false;
    }
    for (String label : equal) {
      if (!sourceLabels.getOrDefault(label, "").equals(targetLabels.getOrDefault(label, ""))) {
        return false;
      }
    }
    return true;
  }
}
