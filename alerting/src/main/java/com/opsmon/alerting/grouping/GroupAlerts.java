package com.opsmon.alerting.grouping;

import com.opsmon.alerting.config.AlertingConfig;
import com.opsmon.alerting.config.ReceiverConfig;
import com.opsmon.alerting.config.Route;
import com.opsmon.alerting.lifecycle.AlertingStores;
import com.opsmon.alerting.routing.Router;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.Notification;
import com.opsmon.model.alerts.Silence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Keeps the groups of the routing tree (records arrive keyed by group key) and, on the wall clock,
 * looks at each one group_wait after it formed and every group_interval after that ({@link
 * GroupPolicy}) — at once when a change arrives while the group is due — with the silences and
 * every alert's state (for inhibition) read from global stores. Emits notifications and log entries
 * keyed by receiver. An acknowledgement is passed on at once to receivers that record
 * acknowledgements (PagerDuty).
 */
public final class GroupAlerts
    extends ContextualProcessor<String, GroupInput, String, GroupOutput> {
  static final String SEPARATOR = "\u0000";

  private final AlertingConfig config;
  private final Router router;
  private final Muting muting;
  private final Set<String> ackReceivers;
  private KeyValueStore<String, GroupState> groups;
  private KeyValueStore<String, GroupMember> members;
  private ReadOnlyKeyValueStore<String, Silence> silences;
  private ReadOnlyKeyValueStore<String, AlertView> states;

  public GroupAlerts(AlertingConfig config) {
    this.config = config;
    this.router = new Router(config.route());
    this.muting = new Muting(config);
    this.ackReceivers =
        config.receivers().values().stream()
            .filter(r -> r instanceof ReceiverConfig.PagerDuty)
            .map(ReceiverConfig::name)
            .collect(Collectors.toSet());
  }

  @Override
  public void init(ProcessorContext<String, GroupOutput> context) {
    super.init(context);
    groups = context.getStateStore(AlertingStores.GROUPS);
    members = context.getStateStore(AlertingStores.GROUP_MEMBERS);
    silences = context.getStateStore(AlertingStores.SILENCES);
    states = context.getStateStore(AlertingStores.ALERT_STATES);
    context.schedule(
        config.lifecycle().tick(),
        PunctuationType.WALL_CLOCK_TIME,
        t -> tick(Instant.ofEpochMilli(t)));
  }

  @Override
  public void process(Record<String, GroupInput> record) {
    GroupInput input = record.value();
    if (input == null || input.alert() == null) {
      return;
    }
    String groupKey = record.key();
    AlertView alert = input.alert();
    String memberKey = groupKey + SEPARATOR + alert.fingerprint();
    GroupMember member = members.get(memberKey);
    if (alert.state() == AlertState.PENDING || (member == null && !alert.state().active())) {
      return;
    }
    Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
    GroupState group = groups.get(groupKey);
    Route route = router.byId(input.routeId()).orElse(config.route());
    if (group == null) {
      group =
          new GroupState(
              input.routeId(),
              input.receiver(),
              input.groupLabels(),
              now,
              now.plus(route.groupWait()),
              null,
              null,
              0);
    }
    GroupMember next =
        member == null
            ? new GroupMember(alert, null, null, false)
            : new GroupMember(alert, member.notifiedAs(), member.mutedBy(), member.ackSent());
    if (alert.state() == AlertState.ACKNOWLEDGED
        && member != null
        && member.notifiedAs() != null
        && !member.ackSent()
        && ackReceivers.contains(group.receiver())) {
      long sequence = group.sequence() + 1;
      List<Notification.Alert> acked = List.of(GroupPolicy.alert(next));
      context()
          .forward(
              record
                  .withKey(group.receiver())
                  .withValue(
                      GroupOutput.deliver(
                          new Notification(
                              GroupPolicy.idempotencyKey(groupKey, acked, sequence),
                              group.receiver(),
                              groupKey,
                              group.groupLabels(),
                              AlertStatus.FIRING,
                              acked,
                              0,
                              Notification.Kind.ACKNOWLEDGE,
                              now))));
      next = new GroupMember(alert, next.notifiedAs(), next.mutedBy(), true);
      group =
          new GroupState(
              group.routeId(),
              group.receiver(),
              group.groupLabels(),
              group.createdAt(),
              group.nextEvalAt(),
              group.lastNotified(),
              group.lastNotifiedAt(),
              sequence);
    }
    members.put(memberKey, next);
    groups.put(groupKey, group);
    if (!now.isBefore(group.nextEvalAt())) {
      // due already (group_wait 0, or a group_interval passed): no need to wait for the clock
      evaluate(
          groupKey,
          group,
          now,
          values(silences),
          config.inhibitRules().isEmpty() ? List.of() : values(states));
    }
  }

  private void tick(Instant now) {
    List<KeyValue<String, GroupState>> due = new ArrayList<>();
    try (KeyValueIterator<String, GroupState> all = groups.all()) {
      while (all.hasNext()) {
        KeyValue<String, GroupState> entry = all.next();
        if (!now.isBefore(entry.value.nextEvalAt())) {
          due.add(entry);
        }
      }
    }
    if (due.isEmpty()) {
      return;
    }
    List<Silence> knownSilences = values(silences);
    List<AlertView> knownAlerts = config.inhibitRules().isEmpty() ? List.of() : values(states);
    for (KeyValue<String, GroupState> entry : due) {
      evaluate(entry.key, entry.value, now, knownSilences, knownAlerts);
    }
  }

  private void evaluate(
      String groupKey,
      GroupState group,
      Instant now,
      List<Silence> silenced,
      List<AlertView> alerts) {
    Route route = router.byId(group.routeId()).orElse(config.route());
    List<GroupMember> current = new ArrayList<>();
    try (KeyValueIterator<String, GroupMember> it =
        members.prefixScan(groupKey + SEPARATOR, new StringSerializer())) {
      while (it.hasNext()) {
        current.add(it.next().value);
      }
    }
    GroupPolicy.Decision decision =
        GroupPolicy.evaluate(
            groupKey,
            group,
            current,
            route,
            m -> muting.mutedBy(route, m.alert(), now, silenced, alerts),
            config.limits().alertsPerGroup(),
            now);
    decision.updated().forEach((fp, m) -> members.put(groupKey + SEPARATOR + fp, m));
    decision.removed().forEach(fp -> members.delete(groupKey + SEPARATOR + fp));
    if (decision.group() == null) {
      groups.delete(groupKey);
    } else {
      groups.put(groupKey, decision.group());
    }
    long at = now.toEpochMilli();
    decision
        .log()
        .forEach(e -> context().forward(new Record<>(group.receiver(), GroupOutput.log(e), at)));
    decision
        .notification()
        .ifPresent(
            n -> context().forward(new Record<>(group.receiver(), GroupOutput.deliver(n), at)));
  }

  private static <V> List<V> values(ReadOnlyKeyValueStore<String, V> store) {
    List<V> out = new ArrayList<>();
    try (KeyValueIterator<String, V> all = store.all()) {
      all.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }
}
