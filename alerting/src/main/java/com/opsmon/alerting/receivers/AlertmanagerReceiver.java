package com.opsmon.alerting.receivers;

import com.opsmon.alerting.config.ReceiverConfig;
import com.opsmon.model.alerts.Notification;
import com.opsmon.model.json.Json;
import java.net.URI;
import java.util.Map;

/**
 * Forwards alerts to an existing Prometheus Alertmanager ({@code POST /api/v2/alerts}), which then
 * does its own routing. Firing alerts are sent without an end, so that Alertmanager's {@code
 * resolve_timeout} must be longer than this route's repeat_interval; resolved ones with theirs.
 */
public final class AlertmanagerReceiver implements Receiver {
  private final ReceiverConfig.Alertmanager config;
  private final String externalUrl;
  private final HttpPost http;
  private final URI endpoint;

  public AlertmanagerReceiver(ReceiverConfig.Alertmanager config, String externalUrl) {
    this.config = config;
    this.externalUrl = externalUrl;
    this.http = new HttpPost(config.timeout());
    String base = config.url().toString();
    this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "api/v2/alerts");
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public Result deliver(Notification notification) throws Exception {
    if (notification.kind() != Notification.Kind.NOTIFY) {
      return Result.delivered("Alertmanager has no acknowledgements");
    }
    return http.post(
        endpoint,
        Json.write(AlertmanagerPayload.postableAlerts(notification, externalUrl)),
        Map.of());
  }
}
