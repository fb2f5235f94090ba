package com.opsmon.alerting.notify;

import static com.opsmon.alerting.TestSignals.firing;
import static com.opsmon.alerting.TestSignals.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.alerts.AlertNotification;
import com.opsmon.model.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertmanagerPayloadTest {
  private static final Instant T1 = Instant.parse("2026-11-25T10:01:00Z");
  private static final Instant T3 = Instant.parse("2026-11-25T10:03:00Z");
  private static final Instant NOW = Instant.parse("2026-11-25T10:10:00Z");

  @Test
  void shouldWriteAFiringAlertAsAlertmanagerWebhookVersion4() {
    AlertNotification n =
        new AlertNotification(firing("eu", T1).fingerprint(), firing("eu", T1), NOW);

    String json = Json.write(AlertmanagerPayload.of(n, "webhook", "http://127.0.0.1:8080"));

    assertThat(json)
        .isEqualTo(
            "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"orders_stopped\\\"}\",\"truncatedAlerts\":0,\"status\":\"firing\","
                + "\"receiver\":\"webhook\",\"groupLabels\":{\"alertname\":\"orders_stopped\"},"
                + "\"commonLabels\":{\"alertname\":\"orders_stopped\",\"region\":\"eu\",\"severity\":\"critical\"},"
                + "\"commonAnnotations\":{\"expected\":\"> 0 orders per PT1M\",\"runbook_url\":\"docs/runbooks/orders_stopped.md\",\"summary\":\"No orders from eu\",\"value\":\"0.0\"},"
                + "\"externalURL\":\"http://127.0.0.1:8080\",\"alerts\":[{\"status\":\"firing\","
                + "\"labels\":{\"alertname\":\"orders_stopped\",\"region\":\"eu\",\"severity\":\"critical\"},"
                + "\"annotations\":{\"expected\":\"> 0 orders per PT1M\",\"runbook_url\":\"docs/runbooks/orders_stopped.md\",\"summary\":\"No orders from eu\",\"value\":\"0.0\"},"
                + "\"startsAt\":\"2026-11-25T10:01:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
                + "\"generatorURL\":\"http://127.0.0.1:8080/api/v1/alerts/"
                + n.fingerprint()
                + "\",\"fingerprint\":\""
                + n.fingerprint()
                + "\"}]}");
  }

  @Test
  void shouldCarryTheEndOfAResolvedAlert() {
    AlertNotification n =
        new AlertNotification(firing("eu", T1).fingerprint(), resolved("eu", T1, T3), NOW);

    var payload = AlertmanagerPayload.of(n, "webhook", "http://x");

    assertThat(payload.get("status").asText()).isEqualTo("resolved");
    assertThat(payload.get("alerts").get(0).get("endsAt").asText())
        .isEqualTo("2026-11-25T10:03:00Z");
  }

  @Test
  void shouldBackOffExponentiallyUpToTheCap() {
    RetryPolicy policy =
        new RetryPolicy(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1));

    assertThat(policy.backoffAfter(1)).hasMillis(100);
    assertThat(policy.backoffAfter(2)).hasMillis(200);
    assertThat(policy.backoffAfter(4)).hasMillis(800);
    assertThat(policy.backoffAfter(5)).hasMillis(1000);
    assertThat(policy.backoffAfter(60)).hasMillis(1000);
  }
}
