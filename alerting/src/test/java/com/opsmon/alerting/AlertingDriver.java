package com.opsmon.alerting;

import com.opsmon.alerting.config.AlertingConfig;
import com.opsmon.alerting.config.RoutingFile;
import com.opsmon.alerting.delivery.DeliveryQueues;
import com.opsmon.alerting.receivers.Receiver;
import com.opsmon.model.alerts.Ack;
import com.opsmon.model.alerts.AckCommand;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.NotificationLogEntry;
import com.opsmon.model.alerts.Silence;
import com.opsmon.model.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The real alerting topology on a {@link TopologyTestDriver}, with receivers in memory. Time moves
 * only when the test says: {@link #advance} moves the wall clock (and with it the punctuators);
 * each input record is stamped with the wall clock at that moment (its arrival, as the broker
 * stamps it), which is the stream time.
 */
final class AlertingDriver implements AutoCloseable {
  /** Every receiver name a test routing file may use, with the address nobody calls. */
  static final Map<String, String> ENV = Map.of("HOOK_URL", "http://127.0.0.1:9/unused");

  final AlertingConfig config;
  final Map<String, RecordingReceiver> receivers = new LinkedHashMap<>();
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final TopologyTestDriver driver;
  private final DeliveryQueues queues;
  private final TestInputTopic<String, AlertSignal> signals;
  private final TestInputTopic<String, AckCommand> acks;
  private final TestInputTopic<String, Silence> silences;
  private final TestOutputTopic<String, AlertView> states;
  private final TestOutputTopic<String, NotificationLogEntry> log;
  private Instant now;

  AlertingDriver(String routingYaml, Path stateDir, Instant start, RecordingReceiver... recorders) {
    this(
        RoutingFile.parse(routingYaml, "test routing", ENV, p -> "", "http://opsmon"),
        stateDir,
        start,
        recorders);
  }

  AlertingDriver(
      AlertingConfig config, Path stateDir, Instant start, RecordingReceiver... recorders) {
    this.config = config;
    Map<String, Receiver> byName = new LinkedHashMap<>();
    for (RecordingReceiver r : recorders) {
      receivers.put(r.name(), r);
      byName.put(r.name(), r);
    }
    for (String name : config.receivers().keySet()) {
      if (!byName.containsKey(name)) {
        RecordingReceiver r = RecordingReceiver.accepting(name);
        receivers.put(name, r);
        byName.put(name, r);
      }
    }
    this.now = start;
    this.queues = DeliveryQueues.inline(byName, config.delivery(), new DriverClock());
    this.driver =
        new TopologyTestDriver(
            AlertingTopology.buildTopology(config, queues, metrics),
            AlertingTopology.streamsConfig("unused:9092", "alerting-test", stateDir),
            start);
    signals =
        driver.createInputTopic(
            Topics.ALERT_SIGNALS.name(),
            Topics.ALERT_SIGNALS.keySerde().serializer(),
            Topics.ALERT_SIGNALS.valueSerde().serializer());
    acks =
        driver.createInputTopic(
            Topics.ALERT_ACKS.name(),
            Topics.ALERT_ACKS.keySerde().serializer(),
            Topics.ALERT_ACKS.valueSerde().serializer());
    silences =
        driver.createInputTopic(
            Topics.SILENCES.name(),
            Topics.SILENCES.keySerde().serializer(),
            Topics.SILENCES.valueSerde().serializer());
    states =
        driver.createOutputTopic(
            Topics.ALERT_STATE.name(),
            Topics.ALERT_STATE.keySerde().deserializer(),
            Topics.ALERT_STATE.valueSerde().deserializer());
    log =
        driver.createOutputTopic(
            Topics.NOTIFICATION_LOG.name(),
            Topics.NOTIFICATION_LOG.keySerde().deserializer(),
            Topics.NOTIFICATION_LOG.valueSerde().deserializer());
  }

  /** The wall clock the delivery queues read: the driver's. */
  private final class DriverClock extends Clock {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  Instant now() {
    return now;
  }

  void send(AlertSignal... all) {
    for (AlertSignal signal : all) {
      signals.pipeInput(signal.fingerprint(), signal, now);
    }
  }

  void ack(AlertSignal alert, String by, Duration lasting) {
    acks.pipeInput(
        alert.fingerprint(),
        new AckCommand(
            alert.fingerprint(), alert.rule(), new Ack(by, "on it", now, now.plus(lasting))),
        now);
  }

  void silence(Silence silence) {
    silences.pipeInput(silence.id(), silence, now);
  }

  /**
   * Moves the wall clock as a running app would see it pass: in steps of a second for the first
   * minute, of five seconds up to ten minutes, then of thirty (the punctuators fire at most once
   * per step).
   */
  void advance(Duration by) {
    Duration left = by;
    Duration moved = Duration.ZERO;
    while (!left.isZero()) {
      Duration most =
          moved.compareTo(Duration.ofMinutes(1)) < 0
              ? Duration.ofSeconds(1)
              : moved.compareTo(Duration.ofMinutes(10)) < 0
                  ? Duration.ofSeconds(5)
                  : Duration.ofSeconds(30);
      Duration step = left.compareTo(most) > 0 ? most : left;
      moved = moved.plus(step);
      now = now.plus(step);
      driver.advanceWallClockTime(step);
      left = left.minus(step);
    }
  }

  RecordingReceiver receiver(String name) {
    return receivers.get(name);
  }

  /** Alert states published since the last call, in order. */
  List<AlertView> states() {
    return states.readValuesToList();
  }

  /** Notification-log entries since the last call, in order. */
  List<NotificationLogEntry> log() {
    return log.readValuesToList();
  }

  <S> S store(String name) {
    return driver.getKeyValueStore(name) == null ? null : (S) driver.getKeyValueStore(name);
  }

  @Override
  public void close() {
    driver.close();
    queues.close();
  }
}
