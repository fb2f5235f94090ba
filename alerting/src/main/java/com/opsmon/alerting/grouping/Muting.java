package com.opsmon.alerting.grouping;

import com.opsmon.alerting.config.AlertingConfig;
import com.opsmon.alerting.config.InhibitRule;
import com.opsmon.alerting.config.Route;
import com.opsmon.alerting.config.TimeInterval;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.Silence;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Why a firing alert must not be notified now, if it must not: a maintenance window of its route, a
 * silence, or a firing alert that inhibits it. Pure: the caller hands in the silences and the
 * alerts it knows.
 */
public final class Muting {
  private final AlertingConfig config;

  public Muting(AlertingConfig config) {
    this.config = config;
  }

  public Optional<String> mutedBy(
      Route route,
      AlertView alert,
      Instant now,
      Iterable<Silence> silences,
      Iterable<AlertView> alerts) {
    for (String name : route.muteTimeIntervals()) {
      TimeInterval interval = config.timeIntervals().get(name);
      if (interval != null && interval.contains(now)) {
        return Optional.of("maintenance window " + name);
      }
    }
    Map<String, String> labels = alert.routingLabels();
    for (Silence silence : silences) {
      if (silence != null && silence.mutes(labels, now)) {
        return Optional.of("silence " + silence.id());
      }
    }
    if (config.inhibitRules().isEmpty()) {
      return Optional.empty();
    }
    for (AlertView source : alerts) {
      if (source == null
          || !source.state().active()
          || source.fingerprint().equals(alert.fingerprint())) {
        continue;
      }
      Map<String, String> sourceLabels = source.routingLabels();
      for (InhibitRule rule : config.inhibitRules()) {
        if (rule.inhibits(sourceLabels, labels)) {
          return Optional.of("inhibited by " + source.rule() + " " + source.fingerprint());
        }
      }
    }
    return Optional.empty();
  }
}
