package com.opsmon.alerting.lifecycle;

import com.opsmon.alerting.config.AlertingConfig;
import com.opsmon.model.alerts.AckCommand;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.Fingerprint;
import io.micrometer.core.instrument.Counter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every alert of a rule (the records arrive keyed by rule) in a changelogged store by
 * fingerprint, moves it through {@link AlertLifecycle} on signals, acknowledgements and the wall
 * clock, and publishes each change keyed by fingerprint (a null value forgets the alert).
 *
 * <p>A rule has at most {@code alerts_per_rule} unresolved alerts tracked one by one; further ones
 * are folded into one summary alert ({@code folded="true"}) that says how many there are. A signal
 * without rule, status, severity or startsAt is logged, counted and skipped.
 */
public final class TrackAlerts extends ContextualProcessor<String, AlertInput, String, AlertView> {
  private static final Logger log = LoggerFactory.getLogger(TrackAlerts.class);
  static final String FOLDED_LABEL = "folded";

  private final AlertLifecycle lifecycle;
  private final AlertingConfig config;
  private final Counter refused;
  private KeyValueStore<String, AlertRecord> alerts;
  private KeyValueStore<String, RuleCount> counts;

  public TrackAlerts(AlertingConfig config, Counter refused) {
    this.config = config;
    this.lifecycle = new AlertLifecycle(config.lifecycle());
    this.refused = refused;
  }

  @Override
  public void init(ProcessorContext<String, AlertView> context) {
    super.init(context);
    alerts = context.getStateStore(AlertingStores.ALERTS);
    counts = context.getStateStore(AlertingStores.RULE_COUNTS);
    context.schedule(
        config.lifecycle().tick(),
        PunctuationType.WALL_CLOCK_TIME,
        t -> tick(Instant.ofEpochMilli(t)));
  }

  @Override
  public void process(Record<String, AlertInput> record) {
    AlertInput input = record.value();
    if (input == null) {
      return;
    }
    Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
    if (input.ack() != null) {
      AckCommand ack = input.ack();
      if (ack.fingerprint() == null || ack.ack() == null || ack.ack().until() == null) {
        refused.increment();
        log.warn("refusing incomplete acknowledgement {}", ack);
        return;
      }
      AlertRecord current = alerts.get(ack.fingerprint());
      apply(ack.fingerprint(), current, lifecycle.onAck(current, ack.ack(), now));
      return;
    }
    AlertSignal signal = input.signal();
    String missing = missingField(signal);
    if (missing != null) {
      // throwing would stop the stream thread, and a replaced thread meets the same signal again
      refused.increment();
      log.warn("refusing alert signal without {} (key {}): {}", missing, record.key(), signal);
      return;
    }
    String fingerprint = signal.fingerprint();
    AlertRecord current = alerts.get(fingerprint);
    if (current != null && current.folded()) {
      if (signal.status() == AlertStatus.RESOLVED) {
        alerts.delete(fingerprint);
        RuleCount count = count(signal.rule());
        count = new RuleCount(count.active(), Math.max(0, count.folded() - 1), count.dropped());
        putCount(signal.rule(), count);
        context().forward(new Record<>(fingerprint, null, context().currentSystemTimeMs()));
        summarise(signal.rule(), count, signal, now);
      }
      return;
    }
    if (startsEpisode(current, signal)
        && count(signal.rule()).active() >= config.limits().alertsPerRule()) {
      fold(fingerprint, signal, now);
      return;
    }
    apply(fingerprint, current, lifecycle.onSignal(current, signal, now));
  }

  private static boolean startsEpisode(AlertRecord current, AlertSignal signal) {
    if (signal.status() != AlertStatus.FIRING) {
      return false;
    }
    return current == null
        || (current.state() == AlertState.RESOLVED
            && (current.signal().endsAt() == null
                || signal.startsAt().isAfter(current.signal().endsAt())));
  }

  private void fold(String fingerprint, AlertSignal signal, Instant now) {
    RuleCount count = count(signal.rule());
    if (count.folded() < config.limits().foldedPerRule()) {
      AlertView view = new AlertView(fingerprint, AlertState.FIRING, signal, null, now, List.of());
      alerts.put(
          fingerprint, new AlertRecord(view, AlertStatus.FIRING, null, List.of(), now, true));
      count = new RuleCount(count.active(), count.folded() + 1, count.dropped());
    } else {
      count = new RuleCount(count.active(), count.folded(), count.dropped() + 1);
      log.warn(
          "rule {} is over even its folded cap; alert {} is only counted",
          signal.rule(),
          fingerprint);
    }
    putCount(signal.rule(), count);
    summarise(signal.rule(), count, signal, now);
  }

  /** Keeps the rule's summary alert in step with how many of its alerts are folded. */
  private void summarise(String rule, RuleCount count, AlertSignal example, Instant now) {
    Map<String, String> labels = Map.of(FOLDED_LABEL, "true");
    String fingerprint = Fingerprint.of(rule, labels);
    AlertRecord current = alerts.get(fingerprint);
    boolean firing = current != null && current.state() != AlertState.RESOLVED;
    int over = count.overCap();
    if (over == 0 && !firing) {
      return;
    }
    Instant startsAt = firing ? current.signal().startsAt() : now;
    String text =
        over
            + " more alert(s) of rule "
            + rule
            + " folded into this one (cap "
            + config.limits().alertsPerRule()
            + (count.dropped() > 0 ? "; " + count.dropped() + " not remembered" : "")
            + ")";
    AlertSignal summary =
        new AlertSignal(
            rule,
            labels,
            over > 0 ? AlertStatus.FIRING : AlertStatus.RESOLVED,
            example.severity(),
            over > 0 ? text : "no alert of rule " + rule + " is folded any more",
            (double) over,
            "<= " + config.limits().alertsPerRule() + " alerts",
            startsAt,
            over > 0 ? null : now,
            example.runbookUrl());
    AlertView before =
        current != null
            ? current.view()
            : new AlertView(fingerprint, AlertState.FIRING, summary, null, now, List.of());
    AlertState state =
        over > 0 ? (firing ? current.state() : AlertState.FIRING) : AlertState.RESOLVED;
    AlertView view =
        firing && over > 0
            ? new AlertView(fingerprint, state, summary, before.ack(), now, before.history())
            : before.moveTo(state, summary, null, now, text);
    alerts.put(fingerprint, new AlertRecord(view, summary.status(), null, List.of(), now, false));
    if (over == 0) {
      putCount(rule, new RuleCount(count(rule).active(), 0, 0));
    }
    context().forward(new Record<>(fingerprint, view, context().currentSystemTimeMs()));
  }

  private void apply(String fingerprint, AlertRecord before, AlertLifecycle.Step step) {
    if (!step.stored()) {
      return;
    }
    AlertRecord after = step.record();
    if (after == null) {
      alerts.delete(fingerprint);
    } else {
      alerts.put(fingerprint, after);
    }
    int delta =
        (after != null && after.active() ? 1 : 0) - (before != null && before.active() ? 1 : 0);
    String rule =
        after != null ? after.signal().rule() : before != null ? before.signal().rule() : null;
    if (delta != 0 && rule != null && !isSummary(after != null ? after : before)) {
      RuleCount count = count(rule);
      putCount(
          rule,
          new RuleCount(Math.max(0, count.active() + delta), count.folded(), count.dropped()));
    }
    for (AlertView view : step.published()) {
      if (view != null) {
        log.info(
            "alert {} {} {} {}", view.rule(), view.labels(), view.state().wireName(), fingerprint);
      }
      context().forward(new Record<>(fingerprint, view, context().currentSystemTimeMs()));
    }
  }

  private static boolean isSummary(AlertRecord record) {
    return "true".equals(record.signal().labels().get(FOLDED_LABEL))
        && record.signal().labels().size() == 1;
  }

  private void tick(Instant now) {
    List<KeyValue<String, AlertRecord>> due = new ArrayList<>();
    try (KeyValueIterator<String, AlertRecord> all = alerts.all()) {
      while (all.hasNext()) {
        KeyValue<String, AlertRecord> entry = all.next();
        if (!entry.value.folded()) {
          due.add(entry);
        }
      }
    }
    for (KeyValue<String, AlertRecord> entry : due) {
      apply(entry.key, entry.value, lifecycle.onTick(entry.value, now));
    }
  }

  private RuleCount count(String rule) {
    RuleCount count = counts.get(rule);
    return count == null ? RuleCount.NONE : count;
  }

  private void putCount(String rule, RuleCount count) {
    if (count.equals(RuleCount.NONE)) {
      counts.delete(rule);
    } else {
      counts.put(rule, count);
    }
  }

  /**
   * The first field the lifecycle or the receivers cannot do without, or null. Labels are never
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
