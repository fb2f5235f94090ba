package com.opsmon.alerting.receivers;

import com.opsmon.alerting.config.ReceiverConfig;
import com.opsmon.model.alerts.Notification;
import com.opsmon.model.json.Json;
import java.net.URI;
import java.util.Map;

/**
 * POSTs Alertmanager's webhook payload (version 4), so anything that understands Alertmanager
 * webhooks understands Opsmon's; the {@code Idempotency-Key} header lets the receiver discard a
 * redelivery.
 */
public final class WebhookReceiver implements Receiver {
  private final ReceiverConfig.Webhook config;
  private final String externalUrl;
  private final HttpPost http;

  public WebhookReceiver(ReceiverConfig.Webhook config, String externalUrl) {
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
    if (notification.kind() != Notification.Kind.NOTIFY) {
      return Result.delivered("webhooks are not told of acknowledgements");
    }
    return http.post(
        URI.create(config.url().reveal()),
        Json.write(AlertmanagerPayload.webhook(notification, externalUrl)),
        Map.of("Idempotency-Key", notification.idempotencyKey()));
  }
}
