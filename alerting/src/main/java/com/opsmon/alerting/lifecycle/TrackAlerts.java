package com.opsmon.alerting.lifecycle;

import com.opsmon.model.alerts.AlertNotification;
import com.opsmon.model.alerts.AlertSignal;
import io.micrometer.core.instrument.Counter;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each alert's state by fingerprint and emits one notification per state change. A signal
 * without rule, status, severity or startsAt is logged, counted and skipped.
 */
final class TrackAlerts
    extends ContextualProcessor<String, AlertSignal, String, AlertNotification> {
  private static final Logger log = LoggerFactory.getLogger(TrackAlerts.class);
  private final Counter refused;
  private KeyValueStore<String, AlertSignal> alerts;

  TrackAlerts(Counter refused) {
    this.refused = refused;
  }

  @Override
  public void init(ProcessorContext<String, AlertNotification> context) {
    super.init(context);
    alerts = context.getStateStore(AlertLifecycleTopology.ALERTS_STORE);
  }

  @Override
  public void process(Record<String, AlertSignal> record) {
    AlertSignal signal = record.value();
    if (signal == null) {
      return;
    }
    String missing = missingField(signal);
    if (missing != null) {
      // throwing would stop the stream thread, and a replaced thread meets the same signal again
      refused.increment();
      log.warn("refusing alert signal without {} (key {}): {}", missing, record.key(), signal);
      return;
    }
    String fingerprint = signal.fingerprint();
    AlertLifecycle.Step step = AlertLifecycle.next(alerts.get(fingerprint), signal);
    if (step.change().isEmpty()) {
      return;
    }
    alerts.put(fingerprint, step.state());
    AlertSignal changed = step.change().get();
    log.info(
        "alert {} {} {} {}",
        changed.rule(),
        changed.labels(),
        changed.status().wireName(),
        fingerprint);
    Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
    context()
        .forward(
            record
                .withKey(fingerprint)
                .withValue(new AlertNotification(fingerprint, changed, now)));
  }

  /**
   * The first field the lifecycle or the notifier cannot do without, or null. Labels are never
   * missing: {@link AlertSignal} refuses null labels, so such a record fails to deserialize and the
   * deserialization handler skips it.
   */
  static String missingField(AlertSignal signal) {
    if (signal.rule() == null) {
      return "rule";
    }
    if (signal.status() == null) {
      return "status";
    }
    if (signal.severity() == null) {
      return "severity";
    }
    if (signal.startsAt() == null) {
      return "startsAt";
    }
    return null;
  }
}
