package com.opsmon.alerting;

import static com.opsmon.alerting.TestSignals.firing;
import static com.opsmon.alerting.TestSignals.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.opsmon.alerting.config.RoutingFile;
import com.opsmon.alerting.lifecycle.AlertingStores;
import com.opsmon.alerting.lifecycle.RuleCount;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.Matcher;
import com.opsmon.model.alerts.Notification;
import com.opsmon.model.alerts.NotificationLogEntry;
import com.opsmon.model.alerts.NotificationLogEntry.Outcome;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.alerts.Silence;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerting topology on a test driver: every time-dependent behaviour with the wall clock moved
 * by hand, and signals stamped with the time they arrive.
 */
class AlertingTopologyTest {
  /** A Sunday, 09:00 UTC; the driver's clock starts here and moves only when a test says. */
  private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

  private static final Map<String, String> EU = Map.of("region", "eu");
  private static final Map<String, String> US = Map.of("region", "us");
  private static final Map<String, String> APAC = Map.of("region", "apac");

  @TempDir(factory = MemoryBackedTempDir.class)
  Path stateDir;

  private AlertingDriver driver;

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private AlertingDriver start(String yaml) {
    return start(yaml, START);
  }

  private AlertingDriver start(String yaml, Instant at) {
    driver = new AlertingDriver(yaml, stateDir, at);
    return driver;
  }

  private static String routing(String route, String extra) {
    return """
        receivers:
          - name: ops
            webhook: {url_env: HOOK_URL}
          - name: pager
            pagerduty: {routing_key_env: HOOK_URL, url: "http://127.0.0.1:9/enqueue"}
          - name: eu-team
            webhook: {url_env: HOOK_URL}
        route:
        %s
        %s
        """
        .formatted(route.indent(2).stripTrailing(), extra);
  }

  private static String simpleRoute(String groupWait, String groupInterval, String repeat) {
    return """
        receiver: ops
        group_by: [alertname, region]
        group_wait: %s
        group_interval: %s
        repeat_interval: %s
        """
        .formatted(groupWait, groupInterval, repeat);
  }

  private static AlertSignal dropped(Map<String, String> labels, Instant at) {
    return firing("orders_dropped", labels, Severity.WARNING, at);
  }

  private static AlertSignal droppedOver(Map<String, String> labels, Instant from, Instant to) {
    return resolved("orders_dropped", labels, Severity.WARNING, from, to);
  }

  private static List<String> describe(List<Notification> notifications) {
    return notifications.stream()
        .map(
            n ->
                n.status().wireName()
                    + " "
                    + n.alerts().stream()
                        .map(a -> a.signal().labels().get("region") + "=" + a.state().wireName())
                        .toList())
        .toList();
  }

  @Test
  void shouldHoldAnAlertPendingUntilItsForHasElapsedOnTheWallClock() {
    start(
        routing(
            simpleRoute("0s", "10s", "1h"),
            "lifecycle: {for: [{matchers: ['alertname=\"orders_dropped\"'], duration: 2m}]}"));

    driver.send(dropped(EU, START));
    driver.advance(Duration.ofSeconds(119));

    assertThat(driver.states()).extracting(AlertView::state).containsExactly(AlertState.PENDING);
    assertThat(driver.receiver("ops").delivered()).isEmpty();

    driver.advance(Duration.ofSeconds(3));

    assertThat(driver.states()).extracting(AlertView::state).containsExactly(AlertState.FIRING);
    assertThat(describe(driver.receiver("ops").delivered())).containsExactly("firing [eu=firing]");
  }

  @Test
  void shouldNeverNotifyAnAlertThatResolvedBeforeItsForElapsed() {
    start(
        routing(
            simpleRoute("0s", "10s", "1h"),
            "lifecycle: {for: [{matchers: ['alertname=\"orders_dropped\"'], duration: 2m}]}"));

    driver.send(dropped(EU, START));
    driver.advance(Duration.ofMinutes(1));
    driver.send(droppedOver(EU, START, START.plus(Duration.ofMinutes(1))));
    driver.advance(Duration.ofMinutes(10));

    assertThat(driver.states())
        .extracting(AlertView::state)
        .containsExactly(AlertState.PENDING, AlertState.RESOLVED);
    assertThat(driver.receiver("ops").delivered()).isEmpty();
  }

  @Test
  void shouldSendOneNotificationPerGroupAfterGroupWaitAndChangesOnlyEveryGroupInterval() {
    start(
        routing(
            """
            receiver: ops
            group_by: [alertname]
            group_wait: 30s
            group_interval: 5m
            repeat_interval: 4h
            """,
            ""));

    driver.send(dropped(EU, START), dropped(US, START));
    driver.advance(Duration.ofSeconds(10));
    driver.send(dropped(APAC, START.plusSeconds(10)));
    driver.advance(Duration.ofSeconds(19));
    assertThat(driver.receiver("ops").delivered()).isEmpty();

    driver.advance(Duration.ofSeconds(2));
    assertThat(describe(driver.receiver("ops").take()))
        .containsExactly("firing [eu=firing, us=firing, apac=firing]");

    driver.send(droppedOver(EU, START, START.plus(Duration.ofMinutes(1))));
    driver.advance(Duration.ofMinutes(1));
    driver.send(dropped(Map.of("region", "latam"), START.plus(Duration.ofMinutes(2))));
    driver.advance(Duration.ofMinutes(3));
    assertThat(driver.receiver("ops").delivered()).isEmpty();

    driver.advance(Duration.ofMinutes(1));
    assertThat(describe(driver.receiver("ops").take()))
        .containsExactly("firing [us=firing, apac=firing, latam=firing, eu=resolved]");
  }

  @Test
  void shouldRepeatAFiringGroupEveryRepeatIntervalUntilAcknowledgedAndStillSendTheResolution() {
    start(routing(simpleRoute("0s", "5m", "1h"), ""));
    AlertSignal eu = dropped(EU, START);

    driver.send(eu);
    driver.advance(Duration.ofSeconds(2));
    driver.advance(Duration.ofHours(1));
    assertThat(describe(driver.receiver("ops").take()))
        .containsExactly("firing [eu=firing]", "firing [eu=firing]");

    driver.ack(eu, "alice", Duration.ofHours(3));
    driver.advance(Duration.ofHours(2));
    assertThat(driver.receiver("ops").delivered()).isEmpty();

    driver.send(droppedOver(EU, START, START.plus(Duration.ofHours(2))));
    driver.advance(Duration.ofMinutes(5));
    assertThat(describe(driver.receiver("ops").take())).containsExactly("resolved [eu=resolved]");
    assertThat(driver.states())
        .extracting(AlertView::state)
        .containsExactly(AlertState.FIRING, AlertState.ACKNOWLEDGED, AlertState.RESOLVED);
  }

  @Test
  void shouldResumeRepeatsOnceTheAcknowledgementExpires() {
    start(routing(simpleRoute("0s", "5m", "1h"), ""));
    AlertSignal eu = dropped(EU, START);

    driver.send(eu);
    driver.advance(Duration.ofSeconds(2));
    driver.ack(eu, "bob", Duration.ofMinutes(30));
    driver.advance(Duration.ofMinutes(50));
    assertThat(describe(driver.receiver("ops").take())).containsExactly("firing [eu=firing]");

    driver.advance(Duration.ofMinutes(15));

    assertThat(describe(driver.receiver("ops").take())).containsExactly("firing [eu=firing]");
    List<AlertView> states = driver.states();
    assertThat(states)
        .extracting(AlertView::state)
        .containsExactly(AlertState.FIRING, AlertState.ACKNOWLEDGED, AlertState.FIRING);
    assertThat(states.get(2).history())
        .extracting(AlertView.HistoryEntry::detail)
        .containsExactly(
            "firing",
            "acknowledged by bob until " + START.plusSeconds(2).plus(Duration.ofMinutes(30)),
            "acknowledgement by bob expired");
  }

  @Test
  void shouldNotifyAFlappingAlertOnceAndHoldItUntilItSettles() {
    start(
        routing(
            simpleRoute("0s", "10s", "4h"),
            "lifecycle: {flapping: {changes: 4, window: 10m, quiet: 5m}}"));

    // firing and resolving every minute of event time, arriving as they happen
    for (int minute = 0; minute < 7; minute++) {
      Instant at = START.plus(Duration.ofMinutes(minute));
      driver.send(
          minute % 2 == 0
              ? dropped(EU, at)
              : droppedOver(EU, START.plus(Duration.ofMinutes(minute - 1)), at));
      driver.advance(Duration.ofMinutes(1));
    }
    assertThat(describe(driver.receiver("ops").take()))
        .containsExactly(
            "firing [eu=firing]",
            "resolved [eu=resolved]",
            "firing [eu=firing]",
            "firing [eu=flapping]");

    driver.advance(Duration.ofMinutes(4));
    assertThat(driver.receiver("ops").delivered()).isEmpty();

    driver.advance(Duration.ofMinutes(1));
    // the last signal fired: once quiet, it settles as firing, which it was told already
    driver.advance(Duration.ofMinutes(1));
    assertThat(describe(driver.receiver("ops").take())).containsExactly("firing [eu=firing]");
    assertThat(driver.states())
        .extracting(AlertView::state)
        .containsExactly(
            AlertState.FIRING,
            AlertState.RESOLVED,
            AlertState.FIRING,
            AlertState.FLAPPING,
            AlertState.FIRING);
  }

  @Test
  void shouldInhibitOrdersDroppedInTheRegionOfAPaymentsOutageOnly() {
    start(
        routing(
            simpleRoute("30s", "5m", "4h"),
            """
            inhibit_rules:
              - source_matchers: ['alertname="payments_outage"']
                target_matchers: ['alertname="orders_dropped"']
                equal: [region]
            """));
    AlertSignal outage = firing("payments_outage", EU, Severity.CRITICAL, START);

    driver.send(outage, dropped(EU, START), dropped(US, START));
    driver.advance(Duration.ofSeconds(31));

    assertThat(driver.receiver("ops").take())
        .extracting(n -> n.alerts().get(0).signal().rule(), n -> n.groupLabels().get("region"))
        .containsExactlyInAnyOrder(tuple("payments_outage", "eu"), tuple("orders_dropped", "us"));
    assertThat(driver.log())
        .filteredOn(e -> e.outcome() == Outcome.SUPPRESSED)
        .extracting(NotificationLogEntry::fingerprints, NotificationLogEntry::detail)
        .containsExactly(
            tuple(
                List.of(dropped(EU, START).fingerprint()),
                "inhibited by payments_outage " + outage.fingerprint()));

    driver.send(
        resolved(
            "payments_outage", EU, Severity.CRITICAL, START, START.plus(Duration.ofMinutes(1))));
    driver.advance(Duration.ofMinutes(5));

    assertThat(describe(driver.receiver("ops").take()))
        .containsExactlyInAnyOrder("resolved [eu=resolved]", "firing [eu=firing]");
  }

  @Test
  void shouldHoldBackSilencedAlertsAndStillRecordTheirResolution() {
    start(routing(simpleRoute("30s", "5m", "4h"), ""));
    driver.silence(
        new Silence(
            "s-eu",
            List.of(Matcher.parse("region=\"eu\"")),
            START,
            START.plus(Duration.ofHours(1)),
            "carol",
            "payment provider maintenance",
            START));

    driver.send(dropped(EU, START), dropped(US, START));
    driver.advance(Duration.ofSeconds(31));
    assertThat(describe(driver.receiver("ops").take())).containsExactly("firing [us=firing]");

    driver.send(droppedOver(EU, START, START.plus(Duration.ofMinutes(10))));
    driver.advance(Duration.ofMinutes(5));

    assertThat(driver.receiver("ops").delivered()).isEmpty();
    assertThat(driver.log())
        .filteredOn(e -> e.outcome() == Outcome.SUPPRESSED || e.outcome() == Outcome.RECORDED)
        .extracting(
            NotificationLogEntry::outcome,
            NotificationLogEntry::status,
            NotificationLogEntry::detail)
        .containsExactly(
            tuple(Outcome.SUPPRESSED, AlertStatus.FIRING, "silence s-eu"),
            tuple(
                Outcome.RECORDED,
                AlertStatus.RESOLVED,
                "resolved; never notified (it was muted: silence s-eu)"));
  }

  @Test
  void shouldNotifyASilencedAlertOnceTheSilenceEnds() {
    start(routing(simpleRoute("30s", "5m", "4h"), ""));
    driver.silence(
        new Silence(
            "s-apac",
            List.of(Matcher.parse("region=~\"ap.*\"")),
            START,
            START.plus(Duration.ofMinutes(20)),
            "carol",
            "deploy",
            START));

    driver.send(dropped(APAC, START));
    driver.advance(Duration.ofMinutes(20));
    assertThat(driver.receiver("ops").delivered()).isEmpty();

    driver.advance(Duration.ofMinutes(5));
    assertThat(describe(driver.receiver("ops").take())).containsExactly("firing [apac=firing]");
  }

  @Test
  void shouldSendNothingDuringAWeeklyMaintenanceWindowInItsTimeZoneAndCatchUpAfter() {
    // Sunday 01:30 UTC = 02:30 in Berlin (winter time), inside the 02:00-04:00 window
    Instant sundayNight = Instant.parse("2026-03-01T01:30:00Z");
    start(
        routing(
            simpleRoute("30s", "5m", "4h") + "mute_time_intervals: [sunday-maintenance]\n",
            """
            time_intervals:
              - name: sunday-maintenance
                time_zone: Europe/Berlin
                intervals:
                  - weekdays: [sunday]
                    times: [{start_time: "02:00", end_time: "04:00"}]
            """),
        sundayNight);

    driver.send(dropped(EU, sundayNight));
    driver.advance(Duration.ofMinutes(89));
    assertThat(driver.receiver("ops").delivered()).isEmpty();
    assertThat(driver.log())
        .extracting(NotificationLogEntry::outcome, NotificationLogEntry::detail)
        .containsExactly(tuple(Outcome.SUPPRESSED, "maintenance window sunday-maintenance"));

    driver.advance(Duration.ofMinutes(6));
    assertThat(describe(driver.receiver("ops").take())).containsExactly("firing [eu=firing]");
  }

  @Test
  void shouldFoldAlertsOverTheRuleCapIntoOneSummaryAlertAndCountThemDown() {
    start(
        routing(
            simpleRoute("0s", "10s", "4h"),
            "limits: {alerts_per_rule: 2, folded_per_rule: 5, alerts_per_group: 50}"));

    for (String region : List.of("a", "b", "c", "d")) {
      driver.send(dropped(Map.of("region", region), START));
    }
    List<AlertView> states = driver.states();
    assertThat(states)
        .extracting(v -> v.labels().toString(), AlertView::state, v -> v.signal().value())
        .containsExactly(
            tuple("{region=a}", AlertState.FIRING, 0.0),
            tuple("{region=b}", AlertState.FIRING, 0.0),
            tuple("{folded=true}", AlertState.FIRING, 1.0),
            tuple("{folded=true}", AlertState.FIRING, 2.0));
    assertThat(states.get(3).signal().summary())
        .isEqualTo("2 more alert(s) of rule orders_dropped folded into this one (cap 2)");
    KeyValueStore<String, RuleCount> counts = driver.store(AlertingStores.RULE_COUNTS);
    assertThat(counts.get("orders_dropped")).isEqualTo(new RuleCount(2, 2, 0));

    driver.send(droppedOver(Map.of("region", "c"), START, START.plusSeconds(60)));
    driver.send(droppedOver(Map.of("region", "d"), START, START.plusSeconds(60)));

    assertThat(driver.states())
        .filteredOn(v -> v != null)
        .extracting(AlertView::state, v -> v.signal().value())
        .containsExactly(tuple(AlertState.FIRING, 1.0), tuple(AlertState.RESOLVED, 0.0));
    assertThat(counts.get("orders_dropped")).isEqualTo(new RuleCount(2, 0, 0));
  }

  @Test
  void shouldListAtMostTheGroupCapInANotificationAndFoldTheRestIntoASummary() {
    start(
        routing(
            """
            receiver: ops
            group_by: [alertname]
            group_wait: 30s
            group_interval: 5m
            """,
            "limits: {alerts_per_group: 2}"));

    List<String> regions = List.of("a", "b", "c", "d", "e");
    for (int i = 0; i < regions.size(); i++) {
      // the oldest alerts are listed first
      driver.send(dropped(Map.of("region", regions.get(i)), START.plusSeconds(i)));
    }
    driver.advance(Duration.ofSeconds(31));

    List<Notification> sent = driver.receiver("ops").take();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).truncated()).isEqualTo(3);
    assertThat(sent.get(0).alerts())
        .extracting(a -> a.signal().rule(), a -> a.signal().labels().get("region"))
        .containsExactly(
            tuple("orders_dropped", "a"),
            tuple("orders_dropped", "b"),
            tuple("group_folded", null));
    assertThat(sent.get(0).alerts().get(2).signal().summary())
        .isEqualTo("3 more alert(s) of this group not listed (cap reached)");
  }

  @Test
  void shouldRouteToEveryMatchingRouteUntilOneDoesNotContinue() {
    start(
        routing(
            """
            receiver: ops
            group_by: [alertname, region]
            group_wait: 0s
            group_interval: 10s
            routes:
              - matchers: ['severity="critical"']
                receiver: pager
                continue: true
              - matchers: ['region="eu"']
                receiver: eu-team
            """,
            ""));

    driver.send(firing("payments_outage", EU, Severity.CRITICAL, START));
    driver.send(dropped(US, START));
    driver.advance(Duration.ofSeconds(2));

    assertThat(describe(driver.receiver("pager").take())).containsExactly("firing [eu=firing]");
    assertThat(describe(driver.receiver("eu-team").take())).containsExactly("firing [eu=firing]");
    assertThat(describe(driver.receiver("ops").take())).containsExactly("firing [us=firing]");
  }

  @Test
  void shouldPassAnAcknowledgementOnToPagerDutyAtOnce() {
    start(
        routing(
            """
            receiver: pager
            group_by: [alertname, region]
            group_wait: 0s
            group_interval: 5m
            """,
            ""));
    AlertSignal outage = firing("payments_outage", EU, Severity.CRITICAL, START);

    driver.send(outage);
    driver.advance(Duration.ofSeconds(2));
    driver.ack(outage, "dave", Duration.ofHours(1));
    driver.advance(Duration.ofSeconds(1));

    assertThat(driver.receiver("pager").take())
        .extracting(Notification::kind, n -> n.alerts().get(0).state())
        .containsExactly(
            tuple(Notification.Kind.NOTIFY, AlertState.FIRING),
            tuple(Notification.Kind.ACKNOWLEDGE, AlertState.ACKNOWLEDGED));
  }

  @Test
  void shouldLogEachNotificationQueuedAndDeliveredUnderOneIdempotencyKey() {
    start(routing(simpleRoute("0s", "10s", "4h"), ""));

    driver.send(dropped(EU, START));
    driver.advance(Duration.ofSeconds(2));

    List<NotificationLogEntry> log = driver.log();
    assertThat(log)
        .extracting(
            NotificationLogEntry::receiver,
            NotificationLogEntry::outcome,
            NotificationLogEntry::attempt)
        .containsExactly(tuple("ops", Outcome.QUEUED, 0), tuple("ops", Outcome.DELIVERED, 1));
    assertThat(log.get(1).idempotencyKey())
        .isEqualTo(log.get(0).idempotencyKey())
        .isEqualTo(driver.receiver("ops").delivered().get(0).idempotencyKey());
    KeyValueStore<String, ?> pending = driver.store(AlertingStores.DELIVERIES);
    assertThat(pending.approximateNumEntries()).isZero();
  }

  @Test
  void shouldRecordNotSendTheNotificationsOfAMonitorWithoutReceivers() {
    driver =
        new AlertingDriver(
            RoutingFile.defaults(Optional.empty(), "http://opsmon"), stateDir, START);

    driver.send(dropped(EU, START));
    driver.advance(Duration.ofSeconds(6));

    List<NotificationLogEntry> log = driver.log();
    assertThat(log)
        .extracting(NotificationLogEntry::receiver, NotificationLogEntry::outcome)
        .containsExactly(
            tuple(RoutingFile.NO_RECEIVER, Outcome.QUEUED),
            tuple(RoutingFile.NO_RECEIVER, Outcome.RECORDED));
    assertThat(log.get(1).detail()).contains("no receiver configured");
    KeyValueStore<String, ?> pending = driver.store(AlertingStores.DELIVERIES);
    assertThat(pending.approximateNumEntries()).isZero();
  }

  @Test
  void shouldForgetAResolvedAlertAfterTheRetentionAndLeaveNoGroupBehind() {
    start(routing(simpleRoute("0s", "10s", "4h"), "lifecycle: {resolved_retention: 1h}"));

    driver.send(dropped(EU, START));
    driver.advance(Duration.ofSeconds(2));
    driver.send(droppedOver(EU, START, START.plusSeconds(60)));
    driver.advance(Duration.ofMinutes(1));
    driver.advance(Duration.ofHours(1));

    assertThat(driver.states())
        .extracting(v -> v == null ? null : v.state())
        .containsExactly(AlertState.FIRING, AlertState.RESOLVED, null);
    for (String store :
        List.of(
            AlertingStores.ALERTS,
            AlertingStores.GROUPS,
            AlertingStores.GROUP_MEMBERS,
            AlertingStores.RULE_COUNTS)) {
      KeyValueStore<String, ?> kv = driver.store(store);
      try (var all = kv.all()) {
        assertThat(all.hasNext()).as(store).isFalse();
      }
    }
  }
}
