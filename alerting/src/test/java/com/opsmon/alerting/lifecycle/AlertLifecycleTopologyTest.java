package com.opsmon.alerting.lifecycle;

import static com.opsmon.alerting.TestSignals.firing;
import static com.opsmon.alerting.TestSignals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.alerts.AlertNotification;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertLifecycleTopologyTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:10:00Z");
  private static final Instant T1 = Instant.parse("2026-11-25T10:01:00Z");
  private static final Instant T3 = Instant.parse("2026-11-25T10:03:00Z");

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, AlertSignal> signals;
  private TestOutputTopic<String, AlertNotification> notifications;
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  @BeforeEach
  void setUp() {
    driver =
        new TopologyTestDriver(
            AlertLifecycleTopology.buildTopology(metrics),
            AlertLifecycleTopology.streamsConfig("unused:9092", "lifecycle-test", stateDir),
            NOW);
    signals =
        driver.createInputTopic(
            Topics.ALERT_SIGNALS.name(),
            Topics.ALERT_SIGNALS.keySerde().serializer(),
            Topics.ALERT_SIGNALS.valueSerde().serializer());
    notifications =
        driver.createOutputTopic(
            Topics.ALERT_NOTIFICATIONS.name(),
            Topics.ALERT_NOTIFICATIONS.keySerde().deserializer(),
            Topics.ALERT_NOTIFICATIONS.valueSerde().deserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void send(AlertSignal signal) {
    signals.pipeInput(signal.fingerprint(), signal);
  }

  @Test
  void shouldNotifyEachStateChangeOnceKeyedByFingerprint() {
    send(firing("eu", T1));
    send(firing("eu", T1));
    send(firing("us", T1));
    send(resolved("eu", T1, T3));
    send(resolved("eu", T1, T3));

    List<AlertNotification> sent = notifications.readValuesToList();

    assertThat(sent)
        .extracting(n -> n.alert().labels().get("region"), n -> n.alert().status())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("eu", AlertStatus.FIRING),
            org.assertj.core.groups.Tuple.tuple("us", AlertStatus.FIRING),
            org.assertj.core.groups.Tuple.tuple("eu", AlertStatus.RESOLVED));
    assertThat(sent.get(0).fingerprint()).isEqualTo(firing("eu", T1).fingerprint());
    assertThat(sent.get(0).changedAt()).isEqualTo(NOW);
  }

  @Test
  void shouldKeepTheCurrentStateOfEveryAlertInTheStore() {
    send(firing("eu", T1));
    send(firing("us", T1));
    send(resolved("eu", T1, T3));

    KeyValueStore<String, AlertSignal> store =
        driver.getKeyValueStore(AlertLifecycleTopology.ALERTS_STORE);

    assertThat(store.get(firing("eu", T1).fingerprint()).status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(store.get(firing("us", T1).fingerprint()).status()).isEqualTo(AlertStatus.FIRING);
  }

  @Test
  void shouldRefuseSignalsMissingRuleStatusSeverityOrStartsAtAndKeepTrackingTheOthers() {
    AlertSignal ok = firing("eu", T1);
    AlertSignal noRule = without(ok, "rule");
    AlertSignal noStatus = without(ok, "status");
    AlertSignal noSeverity = without(ok, "severity");
    AlertSignal noStartsAt = without(ok, "startsAt");

    for (AlertSignal poison : List.of(noRule, noStatus, noSeverity, noStartsAt)) {
      signals.pipeInput(ok.fingerprint(), poison);
    }
    send(ok);

    assertThat(notifications.readValuesToList())
        .extracting(n -> n.alert().labels().get("region"), n -> n.alert().status())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("eu", AlertStatus.FIRING));
    assertThat(metrics.get(AlertLifecycleTopology.REFUSED_SIGNALS).counter().count())
        .isEqualTo(4.0);
  }

  @Test
  void shouldSkipASignalWithoutLabelsAsUndecodable() {
    TestInputTopic<String, String> raw =
        driver.createInputTopic(
            Topics.ALERT_SIGNALS.name(), new StringSerializer(), new StringSerializer());

    raw.pipeInput(
        "k",
        "{\"rule\":\"orders_stopped\",\"status\":\"firing\",\"severity\":\"critical\","
            + "\"summary\":\"No orders\",\"startsAt\":\"2026-11-25T10:01:00Z\"}");
    send(firing("us", T1));

    assertThat(notifications.readValuesToList())
        .extracting(n -> n.alert().labels().get("region"))
        .containsExactly("us");
  }

  /** The signal with one field missing. */
  private static AlertSignal without(AlertSignal s, String missing) {
    return new AlertSignal(
        missing.equals("rule") ? null : s.rule(),
        s.labels(),
        missing.equals("status") ? null : s.status(),
        missing.equals("severity") ? null : s.severity(),
        s.summary(),
        s.value(),
        s.expectedRange(),
        missing.equals("startsAt") ? null : s.startsAt(),
        s.endsAt(),
        s.runbookUrl());
  }
}
