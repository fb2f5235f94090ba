package com.opsmon.alerting.receivers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opsmon.alerting.config.ReceiverConfig;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Notification;
import com.opsmon.model.json.Json;
import java.net.URI;
import java.util.Map;

/**
 * Posts to a Slack incoming webhook: a one-line title and one attachment (red while firing, green
 * once resolved) with a line per alert and links to its runbook and to Opsmon.
 */
public final class SlackReceiver implements Receiver {
  private final ReceiverConfig.Slack config;
  private final String externalUrl;
  private final HttpPost http;

  public SlackReceiver(ReceiverConfig.Slack config, String externalUrl) {
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
    return http.post(
        URI.create(config.url().reveal()), Json.write(message(notification)), Map.of());
  }

  ObjectNode message(Notification notification) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    config.channel().ifPresent(c -> body.put("channel", c));
    body.put("username", "Opsmon");
    String title = AlertmanagerPayload.title(notification);
    body.put("text", title);
    ArrayNode attachments = body.putArray("attachments");
    ObjectNode attachment = attachments.addObject();
    attachment.put(
        "color",
        notification.kind() == Notification.Kind.ACKNOWLEDGE
            ? "warning"
            : notification.status() == AlertStatus.FIRING ? "danger" : "good");
    attachment.put("title", title);
    attachment.put("fallback", title);
    StringBuilder text = new StringBuilder();
    for (Notification.Alert alert : notification.alerts()) {
      text.append(alert.status() == AlertStatus.FIRING ? "*firing*" : "*resolved*")
          .append(' ')
          .append(
              alert.signal().summary() == null ? alert.signal().rule() : alert.signal().summary());
      if (alert.signal().value() != null) {
        text.append(" (value ").append(alert.signal().value());
        if (alert.signal().expectedRange() != null) {
          text.append(", expected ").append(alert.signal().expectedRange());
        }
        text.append(')');
      }
      if (alert.ack() != null) {
        text.append(" — acknowledged by ").append(alert.ack().by());
      }
      text.append(" <")
          .append(externalUrl)
          .append("/api/v1/alerts/")
          .append(alert.fingerprint())
          .append("|details>");
      if (alert.signal().runbookUrl() != null) {
        text.append(" <").append(alert.signal().runbookUrl()).append("|runbook>");
      }
      text.append('\n');
    }
    if (notification.truncated() > 0) {
      text.append("…and ").append(notification.truncated()).append(" more\n");
    }
    attachment.put("text", text.toString().strip());
    attachment.put("footer", "Opsmon · " + notification.idempotencyKey());
    attachment.putArray("mrkdwn_in").add("text");
    return body;
  }
}
