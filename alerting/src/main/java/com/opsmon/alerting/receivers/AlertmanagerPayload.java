package com.opsmon.alerting.receivers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.Notification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The JSON Alertmanager speaks: the body it sends to webhook receivers (version "4", one group per
 * notification) and the alerts it takes on {@code POST /api/v2/alerts}. Labels carry {@code
 * alertname} and {@code severity}; annotations carry summary, value, expected range and runbook.
 */
public final class AlertmanagerPayload {
  /** Alertmanager's "not ended" timestamp. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private AlertmanagerPayload() {}

  /** The webhook body (version 4) for a notification. */
  public static ObjectNode webhook(Notification notification, String externalUrl) {
    List<Notification.Alert> alerts = notification.alerts();
    ObjectNode body = JSON.objectNode();
    body.put("version", "4");
    body.put("groupKey", notification.groupKey());
    body.put("truncatedAlerts", notification.truncated());
    body.put("status", notification.status().wireName());
    body.put("receiver", notification.receiver());
    body.set("groupLabels", object(notification.groupLabels()));
    body.set("commonLabels", object(common(alerts.stream().map(a -> labels(a.signal())).toList())));
    body.set(
        "commonAnnotations",
        object(common(alerts.stream().map(a -> annotations(a.signal())).toList())));
    body.put("externalURL", externalUrl);
    ArrayNode items = body.putArray("alerts");
    for (Notification.Alert alert : alerts) {
      ObjectNode item = items.addObject();
      item.put("status", alert.status().wireName());
      item.set("labels", object(labels(alert.signal())));
      item.set("annotations", object(annotations(alert)));
      item.put("startsAt", alert.signal().startsAt().toString());
      item.put(
          "endsAt",
          alert.status() == AlertStatus.RESOLVED && alert.signal().endsAt() != null
              ? alert.signal().endsAt().toString()
              : ZERO_TIME);
      item.put("generatorURL", externalUrl + "/api/v1/alerts/" + alert.fingerprint());
      item.put("fingerprint", alert.fingerprint());
    }
    return body;
  }

  /** The body of {@code POST /api/v2/alerts}: one postable alert per alert. */
  public static ArrayNode postableAlerts(Notification notification, String externalUrl) {
    ArrayNode items = JSON.arrayNode();
    for (Notification.Alert alert : notification.alerts()) {
      ObjectNode item = items.addObject();
      item.set("labels", object(labels(alert.signal())));
      item.set("annotations", object(annotations(alert)));
      item.put("startsAt", alert.signal().startsAt().toString());
      if (alert.status() == AlertStatus.RESOLVED && alert.signal().endsAt() != null) {
        item.put("endsAt", alert.signal().endsAt().toString());
      }
      item.put("generatorURL", externalUrl + "/api/v1/alerts/" + alert.fingerprint());
    }
    return items;
  }

  public static Map<String, String> labels(AlertSignal alert) {
    return AlertView.routingLabels(alert);
  }

  static Map<String, String> annotations(Notification.Alert alert) {
    Map<String, String> annotations = annotations(alert.signal());
    annotations.put("state", alert.state().wireName());
    if (alert.ack() != null) {
      annotations.put("acknowledged_by", alert.ack().by());
    }
    return annotations;
  }

  public static Map<String, String> annotations(AlertSignal alert) {
    Map<String, String> annotations = new TreeMap<>();
    if (alert.summary() != null) {
      annotations.put("summary", alert.summary());
    }
    if (alert.value() != null) {
      annotations.put("value", String.valueOf(alert.value()));
    }
    if (alert.expectedRange() != null) {
      annotations.put("expected", alert.expectedRange());
    }
    if (alert.runbookUrl() != null) {
      annotations.put("runbook_url", alert.runbookUrl());
    }
    return annotations;
  }

  /** The entries every map has, with the same value. */
  static Map<String, String> common(List<Map<String, String>> maps) {
    if (maps.isEmpty()) {
      return Map.of();
    }
    Map<String, String> shared = new HashMap<>(maps.get(0));
    for (Map<String, String> map : maps.subList(1, maps.size())) {
      shared.entrySet().removeIf(e -> !e.getValue().equals(map.get(e.getKey())));
    }
    return shared;
  }

  static ObjectNode object(Map<String, String> values) {
    ObjectNode node = JSON.objectNode();
    new TreeMap<>(values).forEach(node::put);
    return node;
  }

  /** {@code [FIRING:2] orders_dropped (region=eu)}: the one-line title chat and mail use. */
  public static String title(Notification notification) {
    long firing =
        notification.alerts().stream().filter(a -> a.status() == AlertStatus.FIRING).count();
    String what =
        notification.kind() == Notification.Kind.ACKNOWLEDGE
            ? "ACKNOWLEDGED"
            : notification.status() == AlertStatus.FIRING ? "FIRING:" + firing : "RESOLVED";
    Map<String, String> common =
        common(notification.alerts().stream().map(a -> labels(a.signal())).toList());
    String name = common.getOrDefault("alertname", notification.alerts().get(0).signal().rule());
    String labels =
        new TreeMap<>(notification.groupLabels())
            .entrySet().stream()
                .filter(e -> !e.getKey().equals("alertname"))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    return "[" + what + "] " + name + (labels.isEmpty() ? "" : " (" + labels + ")");
  }
}
