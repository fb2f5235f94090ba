package com.opsmon.alerting.lifecycle;

import com.opsmon.model.alerts.AlertNotification;
import com.opsmon.model.alerts.AlertSignal;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps each alert's state by fingerprint and emits one notification per state change. */
final class TrackAlerts
    extends ContextualProcessor<String, AlertSignal, String, AlertNotification> {
  private static final Logger log = LoggerFactory.getLogger(TrackAlerts.class);
  private KeyValueStore<String, AlertSignal> alerts;

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
}
