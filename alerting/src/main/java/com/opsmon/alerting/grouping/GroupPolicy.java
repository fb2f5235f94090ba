package com.opsmon.alerting.grouping;

import com.opsmon.alerting.config.Route;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Notification;
import com.opsmon.model.alerts.NotificationLogEntry;
import com.opsmon.model.alerts.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What one look at a group decides, as a pure function (Alertmanager's rules): a notification when
 * the set of alerts to tell about changed since the last one (an alert fired, resolved or started
 * flapping) or when repeat_interval passed and an alert still fires unacknowledged. Muted alerts
 * are held back (and the reason logged once); a resolved alert the receiver was told of is notified
 * as resolved and leaves the group; one it never heard of (it was muted) only leaves a line in the
 * notification log. A notification lists at most {@code cap} alerts; the rest are folded into one
 * summary alert.
 */
public final class GroupPolicy {
  private GroupPolicy() {}

  /** The outcome of a look at a group: its new state (null: dissolved), members, and outputs. */
  public record Decision(
      GroupState group,
      Map<String, GroupMember> updated,
      List<String> removed,
      Optional<Notification> notification,
      List<NotificationLogEntry> log) {}

  public static Decision evaluate(
      String groupKey,
      GroupState group,
      List<GroupMember> members,
      Route route,
      Function<GroupMember, Optional<String>> mutedBy,
      int cap,
      Instant now) {
    Map<String, GroupMember> updated = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    List<NotificationLogEntry> log = new ArrayList<>();
    List<GroupMember> firing = new ArrayList<>();
    List<GroupMember> resolved = new ArrayList<>();
    for (GroupMember member : members) {
      String fingerprint = member.alert().fingerprint();
      if (member.alert().state() == AlertState.RESOLVED) {
        if (member.notifiedAs() != null) {
          resolved.add(member);
        } else {
          removed.add(fingerprint);
          log.add(
              entry(
                  group,
                  groupKey,
                  NotificationLogEntry.Outcome.RECORDED,
                  AlertStatus.RESOLVED,
                  List.of(fingerprint),
                  "resolved; never notified"
                      + (member.mutedBy() != null
                          ? " (it was muted: " + member.mutedBy() + ")"
                          : ""),
                  now));
        }
        continue;
      }
      Optional<String> muted = mutedBy.apply(member);
      String reason = muted.orElse(null);
      if (!java.util.Objects.equals(reason, member.mutedBy())) {
        member = new GroupMember(member.alert(), member.notifiedAs(), reason, member.ackSent());
        updated.put(fingerprint, member);
        if (reason != null) {
          log.add(
              entry(
                  group,
                  groupKey,
                  NotificationLogEntry.Outcome.SUPPRESSED,
                  AlertStatus.FIRING,
                  List.of(fingerprint),
                  reason,
                  now));
        }
      }
      if (reason == null) {
        firing.add(member);
      }
    }

    Map<String, String> toTell = new TreeMap<>();
    firing.forEach(m -> toTell.put(m.alert().fingerprint(), told(m)));
    resolved.forEach(m -> toTell.put(m.alert().fingerprint(), "resolved"));
    boolean changed = !toTell.equals(group.lastNotified()) && !toTell.isEmpty();
    boolean repeatDue =
        group.lastNotifiedAt() != null
            && !now.isBefore(group.lastNotifiedAt().plus(route.repeatInterval()))
            && firing.stream().anyMatch(m -> m.alert().state() == AlertState.FIRING);

    Optional<Notification> notification = Optional.empty();
    GroupState next = group;
    if (changed || repeatDue) {
      long sequence = group.sequence() + 1;
      notification =
          Optional.of(notification(groupKey, group, sequence, firing, resolved, cap, now));
      Map<String, String> remembered = new TreeMap<>(toTell);
      resolved.forEach(m -> remembered.remove(m.alert().fingerprint()));
      next =
          new GroupState(
              group.routeId(),
              group.receiver(),
              group.groupLabels(),
              group.createdAt(),
              now.plus(route.groupInterval()),
              remembered,
              now,
              sequence);
      for (GroupMember m : firing) {
        updated.put(
            m.alert().fingerprint(),
            new GroupMember(m.alert(), told(m), null, m.alert().ack() != null));
      }
      resolved.forEach(m -> removed.add(m.alert().fingerprint()));
    } else {
      Map<String, String> remembered = new TreeMap<>(group.lastNotified());
      remembered.keySet().retainAll(toTell.keySet());
      next =
          new GroupState(
              group.routeId(),
              group.receiver(),
              group.groupLabels(),
              group.createdAt(),
              now.plus(route.groupInterval()),
              remembered,
              group.lastNotifiedAt(),
              group.sequence());
    }
    if (members.stream().allMatch(m -> removed.contains(m.alert().fingerprint()))) {
      next = null;
    }
    removed.forEach(updated::remove);
    return new Decision(next, updated, removed, notification, log);
  }

  private static String told(GroupMember member) {
    return member.alert().state() == AlertState.FLAPPING ? "flapping" : "firing";
  }

  private static Notification notification(
      String groupKey,
      GroupState group,
      long sequence,
      List<GroupMember> firing,
      List<GroupMember> resolved,
      int cap,
      Instant now) {
    Comparator<GroupMember> order =
        Comparator.comparing((GroupMember m) -> m.alert().signal().startsAt())
            .thenComparing(m -> m.alert().fingerprint());
    List<GroupMember> all = new ArrayList<>();
    firing.stream().sorted(order).forEach(all::add);
    resolved.stream().sorted(order).forEach(all::add);
    List<Notification.Alert> alerts = new ArrayList<>();
    for (GroupMember m : all.subList(0, Math.min(cap, all.size()))) {
      alerts.add(alert(m));
    }
    int truncated = all.size() - alerts.size();
    if (truncated > 0) {
      alerts.add(foldedSummary(groupKey, group, truncated, firing.isEmpty(), now));
    }
    return new Notification(
        idempotencyKey(groupKey, alerts, sequence),
        group.receiver(),
        groupKey,
        group.groupLabels(),
        firing.isEmpty() ? AlertStatus.RESOLVED : AlertStatus.FIRING,
        alerts,
        truncated,
        Notification.Kind.NOTIFY,
        now);
  }

  static Notification.Alert alert(GroupMember m) {
    return new Notification.Alert(
        m.alert().fingerprint(), m.alert().signal(), m.alert().state(), m.alert().ack());
  }

  private static Notification.Alert foldedSummary(
      String groupKey, GroupState group, int truncated, boolean resolved, Instant now) {
    Map<String, String> labels = new TreeMap<>(group.groupLabels());
    labels.put("folded", "true");
    AlertSignal signal =
        new AlertSignal(
            "group_folded",
            labels,
            resolved ? AlertStatus.RESOLVED : AlertStatus.FIRING,
            Severity.INFO,
            truncated + " more alert(s) of this group not listed (cap reached)",
            (double) truncated,
            null,
            group.createdAt(),
            resolved ? now : null,
            null);
    return new Notification.Alert(
        hash(groupKey + "/folded"),
        signal,
        resolved ? AlertState.RESOLVED : AlertState.FIRING,
        null);
  }

  /**
   * Stable for a notification, different for every other: the group, what it tells (each alert, its
   * state and the start and end of its episode) and the group's count of notifications. A
   * notification decided again after a crash (the same state restored, the same alerts) gets the
   * same key, so the receiver can tell it is the same one; a repeat gets a new one.
   */
  public static String idempotencyKey(
      String groupKey, List<Notification.Alert> alerts, long sequence) {
    StringBuilder content = new StringBuilder();
    for (Notification.Alert a : alerts) {
      content
          .append(a.fingerprint())
          .append('/')
          .append(a.state().wireName())
          .append('/')
          .append(a.signal().startsAt())
          .append('/')
          .append(a.signal().endsAt())
          .append(';');
    }
    return hash(groupKey)
        + "-"
        + hash(content.toString()).substring(0, 8)
        + "-"
        + String.format("%06d", sequence);
  }

  static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  static NotificationLogEntry entry(
      GroupState group,
      String groupKey,
      NotificationLogEntry.Outcome outcome,
      AlertStatus status,
      List<String> fingerprints,
      String detail,
      Instant now) {
    return new NotificationLogEntry(
        now, group.receiver(), null, groupKey, outcome, 0, status, fingerprints, detail);
  }
}
