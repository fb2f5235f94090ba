package com.opsmon.alerting.receivers;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opsmon.alerting.config.ReceiverConfig;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Notification;
import com.opsmon.model.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PagerDuty Events API v2: one event per alert, {@code dedup_key} = the alert's fingerprint, so
 * PagerDuty keeps one incident per alert and takes a repeated event as the same one: {@code
 * trigger} while it fires, {@code acknowledge} when a person acknowledged it in Opsmon, {@code
 * resolve} when it resolved. The notification is delivered when every event was accepted.
 */
public final class PagerDutyReceiver implements Receiver {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final ReceiverConfig.PagerDuty config;
  private final String externalUrl;
  private final HttpPost http;

  public PagerDutyReceiver(ReceiverConfig.PagerDuty config, String externalUrl) {
    this.config = config;
    this.externalUrl = externalUrl;
    this.http = new HttpPost(config.timeout());
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public Result deliver(Notification notification) throws Exception {
    List<String> answers = new ArrayList<>();
    for (ObjectNode event : events(notification)) {
      Result result = http.post(config.eventsUrl(), Json.write(event), Map.of());
      if (result.kind() != Result.Kind.DELIVERED) {
        return result;
      }
      answers.add(result.detail());
    }
    return Result.delivered(answers.size() + " event(s): " + String.join("; ", answers));
  }

  List<ObjectNode> events(Notification notification) {
    List<ObjectNode> events = new ArrayList<>();
    for (Notification.Alert alert : notification.alerts()) {
      ObjectNode event = JSON.objectNode();
      event.put("routing_key", config.routingKey().reveal());
      event.put("dedup_key", alert.fingerprint());
      String action =
          notification.kind() == Notification.Kind.ACKNOWLEDGE
              ? "acknowledge"
              : alert.status() == AlertStatus.RESOLVED ? "resolve" : "trigger";
      event.put("event_action", action);
      if (action.equals("trigger")) {
        ObjectNode payload = event.putObject("payload");
        payload.put(
            "summary",
            truncate(
                alert.signal().summary() == null
                    ? alert.signal().rule()
                    : alert.signal().summary()));
        payload.put("source", alert.signal().labels().getOrDefault("service", "opsmon"));
        payload.put("severity", severity(alert));
        payload.put("timestamp", alert.signal().startsAt().toString());
        payload.put("class", alert.signal().rule());
        String region = alert.signal().labels().get("region");
        if (region != null) {
          payload.put("group", region);
        }
        ObjectNode details = payload.putObject("custom_details");
        AlertmanagerPayload.labels(alert.signal()).forEach(details::put);
        AlertmanagerPayload.annotations(alert.signal()).forEach(details::put);
        details.put("opsmon_notification", notification.idempotencyKey());
        event.put("client", "Opsmon");
        event.put("client_url", externalUrl + "/api/v1/alerts/" + alert.fingerprint());
        if (alert.signal().runbookUrl() != null) {
          event
              .putArray("links")
              .addObject()
              .put("href", alert.signal().runbookUrl())
              .put("text", "runbook");
        }
      }
      events.add(event);
    }
    return events;
  }

  private static String severity(Notification.Alert alert) {
    return switch (alert.signal().severity()) {
      case CRITICAL -> "critical";
      case WARNING -> "warning";
      case INFO -> "info";
    };
  }

  /** PagerDuty refuses summaries over 1024 characters. */
  private static String truncate(String text) {
    return text.length() <= 1024 ? text : text.substring(0, 1021) + "...";
  }
}
