package com.opsmon.alerting.config;

import com.opsmon.model.alerts.Matcher;
import com.opsmon.model.retry.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the alert manager does with alerts, read once from the routing file: the lifecycle's
 * settings, the caps, the routing tree, inhibition, maintenance windows, the receivers and how
 * deliveries are retried.
 */
public record AlertingConfig(
    Lifecycle lifecycle,
    Limits limits,
    Route route,
    List<InhibitRule> inhibitRules,
    Map<String, TimeInterval> timeIntervals,
    Map<String, ReceiverConfig> receivers,
    Delivery delivery,
    String externalUrl) {

  public AlertingConfig {
    inhibitRules = List.copyOf(inhibitRules);
    timeIntervals = Map.copyOf(timeIntervals);
    receivers = Map.copyOf(receivers);
  }

  /**
   * How alerts move between states.
   *
   * @param pendingFor how long an alert's condition must hold before it fires, by matchers (the
   *     first match wins; none means at once)
   * @param flapChanges this many changes within {@code flapWindow} (event time) make it flapping
   * @param flapQuiet a flapping alert settles once no change arrived for this long
   * @param defaultAck how long an acknowledgement lasts when the person gives no end
   * @param resolvedRetention how long a resolved alert is remembered (history, flap count)
   * @param tick how often the wall clock is checked (pending, acks, flapping, groups)
   */
  public record Lifecycle(
      List<PendingFor> pendingFor,
      int flapChanges,
      Duration flapWindow,
      Duration flapQuiet,
      Duration defaultAck,
      Duration resolvedRetention,
      Duration tick) {
    public Lifecycle {
      pendingFor = List.copyOf(pendingFor);
    }

    public Duration pendingFor(Map<String, String> labels) {
      for (PendingFor rule : pendingFor) {
        if (Matcher.all(rule.matchers(), labels)) {
          return rule.duration();
        }
      }
      return Duration.ZERO;
    }
  }

  /** Alerts matching {@code matchers} stay pending for {@code duration} before firing. */
  public record PendingFor(List<Matcher> matchers, Duration duration) {
    public PendingFor {
      matchers = List.copyOf(matchers);
    }
  }

  /**
   * Caps that keep the alert manager's state bounded.
   *
   * @param alertsPerRule alerts of one rule tracked one by one; more are folded into one summary
   *     alert
   * @param foldedPerRule folded alerts of one rule remembered (to count them down as they resolve);
   *     beyond that they are dropped and counted
   * @param alertsPerGroup alerts listed in one notification; the rest are folded into a summary
   */
  public record Limits(int alertsPerRule, int foldedPerRule, int alertsPerGroup) {}

  /**
   * How notifications are delivered.
   *
   * @param backoff the wait between attempts (exponential with jitter, through {@link Backoff})
   * @param giveUpAfter a notification still failing this long after it was queued is abandoned
   * @param concurrency deliveries in progress at once per receiver
   */
  public record Delivery(Backoff backoff, Duration giveUpAfter, int concurrency) {}
}
