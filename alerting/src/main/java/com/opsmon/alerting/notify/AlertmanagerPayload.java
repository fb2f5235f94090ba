package com.opsmon.alerting.notify;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opsmon.model.alerts.AlertNotification;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the JSON body Alertmanager sends to webhook receivers (version "4"), so anything that
 * understands Alertmanager webhooks understands Opsmon's. Labels carry {@code alertname} and {@code
 * severity}; annotations carry summary, value, expected range and runbook link.
 */
public final class AlertmanagerPayload {
  /** Alertmanager's "not ended" timestamp. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private AlertmanagerPayload() {}

  public static ObjectNode of(AlertNotification notification, String receiver, String externalUrl) {
    AlertSignal alert = notification.alert();
    Map<String, String> labels = labels(alert);
    Map<String, String> annotations = annotations(alert);

    ObjectNode body = JSON.objectNode();
    body.put("version", "4");
    body.put("groupKey", "{}:{alertname=\"" + alert.rule() + "\"}");
    body.put("truncatedAlerts", 0);
    body.put("status", alert.status().wireName());
    body.put("receiver", receiver);
    body.set("groupLabels", object(Map.of("alertname", alert.rule())));
    body.set("commonLabels", object(labels));
    body.set("commonAnnotations", object(annotations));
    body.put("externalURL", externalUrl);

    ObjectNode item = JSON.objectNode();
    item.put("status", alert.status().wireName());
    item.set("labels", object(labels));
    item.set("annotations", object(annotations));
    item.put("startsAt", alert.startsAt().toString());
    item.put(
        "endsAt",
        alert.status() == AlertStatus.RESOLVED && alert.endsAt() != null
            ? alert.endsAt().toString()
            : ZERO_TIME);
    item.put("generatorURL", externalUrl + "/api/v1/alerts/" + notification.fingerprint());
    item.put("fingerprint", notification.fingerprint());
    body.putArray("alerts").add(item);
    return body;
  }

  static Map<String, String> labels(AlertSignal alert) {
    Map<String, String> labels = new TreeMap<>(alert.labels());
    labels.put("alertname", alert.rule());
    labels.put("severity", alert.severity().wireName());
    return labels;
  }

  static Map<String, String> annotations(AlertSignal alert) {
    Map<String, String> annotations = new TreeMap<>();
    annotations.put("summary", alert.summary());
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

  private static ObjectNode object(Map<String, String> values) {
    ObjectNode node = JSON.objectNode();
    new TreeMap<>(values).forEach(node::put);
    return node;
  }
}
