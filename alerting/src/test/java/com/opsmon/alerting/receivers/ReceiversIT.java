package com.opsmon.alerting.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.opsmon.alerting.HttpReceiverServer;
import com.opsmon.alerting.TestSignals;
import com.opsmon.alerting.config.ReceiverConfig;
import com.opsmon.alerting.config.Secret;
import com.opsmon.model.alerts.Ack;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Notification;
import com.opsmon.model.alerts.Severity;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each receiver against a real server on loopback: an HTTP server for the webhook, Slack and
 * PagerDuty wire formats, and GreenMail's SMTP server for e-mail.
 */
class ReceiversIT {
  /** 10:00 yesterday, placed relative to the clock, never a fixed date. */
  private static final Instant T1 =
      Instant.now()
          .truncatedTo(ChronoUnit.DAYS)
          .minus(Duration.ofDays(1))
          .plus(Duration.ofHours(10));

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String EXTERNAL = "http://opsmon.example";

  private HttpReceiverServer http;
  private GreenMail mail;

  @AfterEach
  void stop() {
    if (http != null) {
      http.close();
    }
    if (mail != null) {
      mail.stop();
    }
  }

  private static Notification notification(Notification.Kind kind) {
    var eu = TestSignals.firing("orders_dropped", Map.of("region", "eu"), Severity.CRITICAL, T1);
    var us =
        TestSignals.resolved(
            "orders_dropped", Map.of("region", "us"), Severity.CRITICAL, T1, T1.plusSeconds(300));
    Ack ack =
        kind == Notification.Kind.ACKNOWLEDGE
            ? new Ack("alice", "on it", T1, T1.plusSeconds(3600))
            : null;
    return new Notification(
        "k-000001",
        "r",
        "0:{alertname=\"orders_dropped\"}",
        Map.of("alertname", "orders_dropped"),
        AlertStatus.FIRING,
        kind == Notification.Kind.ACKNOWLEDGE
            ? List.of(new Notification.Alert(eu.fingerprint(), eu, AlertState.ACKNOWLEDGED, ack))
            : List.of(
                new Notification.Alert(eu.fingerprint(), eu, AlertState.FIRING, null),
                new Notification.Alert(us.fingerprint(), us, AlertState.RESOLVED, null)),
        0,
        kind,
        T1.plusSeconds(301));
  }

  @Test
  void shouldPostTheAlertmanagerWebhookPayloadVersion4WithTheIdempotencyKey() throws Exception {
    http = HttpReceiverServer.start(r -> 200);
    Receiver webhook =
        new WebhookReceiver(
            new ReceiverConfig.Webhook(
                "hook", Secret.of("test", http.url("/hook").toString()), TIMEOUT),
            EXTERNAL);

    Receiver.Result result = webhook.deliver(notification(Notification.Kind.NOTIFY));

    assertThat(result.kind()).isEqualTo(Receiver.Result.Kind.DELIVERED);
    HttpReceiverServer.Request request = http.requests().get(0);
    assertThat(request.path()).isEqualTo("/hook");
    assertThat(request.header("Idempotency-Key")).isEqualTo("k-000001");
    JsonNode body = request.body();
    assertThat(body.get("version").asText()).isEqualTo("4");
    assertThat(body.get("status").asText()).isEqualTo("firing");
    assertThat(body.get("groupKey").asText()).isEqualTo("0:{alertname=\"orders_dropped\"}");
    assertThat(body.get("groupLabels").toString()).isEqualTo("{\"alertname\":\"orders_dropped\"}");
    assertThat(body.get("commonLabels").toString())
        .isEqualTo("{\"alertname\":\"orders_dropped\",\"severity\":\"critical\"}");
    assertThat(body.get("externalURL").asText()).isEqualTo(EXTERNAL);
    assertThat(body.get("alerts"))
        .extracting(
            a -> a.get("status").asText(),
            a -> a.get("labels").get("region").asText(),
            a -> a.get("startsAt").asText(),
            a -> a.get("endsAt").asText())
        .containsExactly(
            tuple("firing", "eu", T1.toString(), "0001-01-01T00:00:00Z"),
            tuple("resolved", "us", T1.toString(), T1.plusSeconds(300).toString()));
    assertThat(body.get("alerts").get(0).get("generatorURL").asText())
        .startsWith(EXTERNAL + "/api/v1/alerts/");
  }

  @Test
  void shouldPostASlackIncomingWebhookMessageWithOneLinePerAlert() throws Exception {
    http = HttpReceiverServer.start(r -> 200);
    Receiver slack =
        new SlackReceiver(
            new ReceiverConfig.Slack(
                "slack",
                Secret.of("test", http.url("/services/T/B/X").toString()),
                Optional.of("#ops"),
                TIMEOUT),
            EXTERNAL);

    assertThat(slack.deliver(notification(Notification.Kind.NOTIFY)).kind())
        .isEqualTo(Receiver.Result.Kind.DELIVERED);

    JsonNode body = http.requests().get(0).body();
    assertThat(body.get("channel").asText()).isEqualTo("#ops");
    assertThat(body.get("text").asText()).isEqualTo("[FIRING:1] orders_dropped");
    JsonNode attachment = body.get("attachments").get(0);
    assertThat(attachment.get("color").asText()).isEqualTo("danger");
    assertThat(attachment.get("text").asText().lines())
        .hasSize(2)
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .startsWith("*firing* orders_dropped {region=eu} (value 0.0, expected > 0)"),
            l -> assertThat(l).startsWith("*resolved* orders_dropped {region=us} is back"));
    assertThat(attachment.get("footer").asText()).isEqualTo("Opsmon · k-000001");
  }

  @Test
  void shouldSendPagerDutyEventsV2DedupedByFingerprint() throws Exception {
    http = HttpReceiverServer.start(r -> 202);
    Receiver pagerDuty =
        new PagerDutyReceiver(
            new ReceiverConfig.PagerDuty(
                "pd", Secret.of("test", "R0UT1NGKEY"), http.url("/v2/enqueue"), TIMEOUT),
            EXTERNAL);
    Notification notify = notification(Notification.Kind.NOTIFY);

    pagerDuty.deliver(notify);
    pagerDuty.deliver(notification(Notification.Kind.ACKNOWLEDGE));

    List<JsonNode> events = http.requests().stream().map(HttpReceiverServer.Request::body).toList();
    assertThat(events)
        .extracting(
            e -> e.get("routing_key").asText(),
            e -> e.get("event_action").asText(),
            e -> e.get("dedup_key").asText())
        .containsExactly(
            tuple("R0UT1NGKEY", "trigger", notify.alerts().get(0).fingerprint()),
            tuple("R0UT1NGKEY", "resolve", notify.alerts().get(1).fingerprint()),
            tuple("R0UT1NGKEY", "acknowledge", notify.alerts().get(0).fingerprint()));
    JsonNode payload = events.get(0).get("payload");
    assertThat(payload.get("summary").asText()).isEqualTo("orders_dropped {region=eu}");
    assertThat(payload.get("severity").asText()).isEqualTo("critical");
    assertThat(payload.get("source").asText()).isEqualTo("opsmon");
    assertThat(payload.get("timestamp").asText()).isEqualTo(T1.toString());
    assertThat(payload.get("custom_details").get("region").asText()).isEqualTo("eu");
    assertThat(events.get(0).get("links").get(0).get("href").asText())
        .isEqualTo("docs/runbooks/orders_dropped.md");
    assertThat(events.get(1).has("payload")).isFalse();
  }

  @Test
  void shouldTellRetryFromRefusalByTheAnswer() throws Exception {
    AtomicInteger status = new AtomicInteger();
    http = HttpReceiverServer.start(r -> status.get());
    Receiver webhook =
        new WebhookReceiver(
            new ReceiverConfig.Webhook(
                "hook", Secret.of("test", http.url("/hook").toString()), TIMEOUT),
            EXTERNAL);
    Notification n = notification(Notification.Kind.NOTIFY);

    status.set(500);
    assertThat(webhook.deliver(n).kind()).isEqualTo(Receiver.Result.Kind.RETRY);
    status.set(429);
    assertThat(webhook.deliver(n).kind()).isEqualTo(Receiver.Result.Kind.RETRY);
    status.set(408);
    assertThat(webhook.deliver(n).kind()).isEqualTo(Receiver.Result.Kind.RETRY);
    status.set(400);
    assertThat(webhook.deliver(n))
        .isEqualTo(Receiver.Result.rejected("HTTP 400: {\"status\":\"ok\"}"));
  }

  @Test
  void shouldSendAPlainTextMailOverSmtpWithAuthentication() throws Exception {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    mail.setUser("alerts@opsmon.test", "opsmon", "s3cret");
    Receiver email = email(mail.getSmtp().getPort(), ReceiverConfig.Email.Tls.NONE, "s3cret");

    Receiver.Result result = email.deliver(notification(Notification.Kind.NOTIFY));

    assertThat(result.kind()).as(result.detail()).isEqualTo(Receiver.Result.Kind.DELIVERED);
    MimeMessage[] received = mail.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("[FIRING:1] orders_dropped");
    assertThat(received[0].getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("oncall@opsmon.test");
    assertThat(received[0].getMessageID()).isEqualTo("<k-000001@opsmon>");
    assertThat(received[0].getHeader("X-Opsmon-Idempotency-Key")).containsExactly("k-000001");
    assertThat(((String) received[0].getContent()))
        .contains(
            "FIRING  orders_dropped {region=eu}",
            "RESOLVED orders_dropped {region=us} is back",
            "  region: eu");
  }

  @Test
  void shouldRetryAMailTheServerRefusesForAWrongPassword() throws Exception {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    mail.setUser("alerts@opsmon.test", "opsmon", "s3cret");

    Receiver.Result result =
        email(mail.getSmtp().getPort(), ReceiverConfig.Email.Tls.NONE, "wrong")
            .deliver(notification(Notification.Kind.NOTIFY));

    assertThat(result.kind()).isEqualTo(Receiver.Result.Kind.RETRY);
    assertThat(result.detail()).startsWith("SMTP authentication failed").doesNotContain("wrong");
    assertThat(mail.getReceivedMessages()).isEmpty();
  }

  @Test
  void shouldSendMailOverImplicitTls() throws Exception {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
    mail.start();
    mail.setUser("alerts@opsmon.test", "opsmon", "s3cret");

    Receiver.Result result =
        email(mail.getSmtps().getPort(), ReceiverConfig.Email.Tls.TLS, "s3cret")
            .deliver(notification(Notification.Kind.NOTIFY));

    assertThat(result.kind()).as(result.detail()).isEqualTo(Receiver.Result.Kind.DELIVERED);
    assertThat(mail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void shouldRetryWhenNobodyListens() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Receiver webhook =
        new WebhookReceiver(
            new ReceiverConfig.Webhook(
                "hook", Secret.of("test", "http://127.0.0.1:" + port + "/hook"), TIMEOUT),
            EXTERNAL);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> webhook.deliver(notification(Notification.Kind.NOTIFY)))
        .isInstanceOf(java.net.ConnectException.class);
  }

  private static Receiver email(int port, ReceiverConfig.Email.Tls tls, String password) {
    return new EmailReceiver(
        new ReceiverConfig.Email(
            "mail",
            "127.0.0.1",
            port,
            tls,
            "alerts@opsmon.test",
            List.of("oncall@opsmon.test"),
            Optional.of("opsmon"),
            Optional.of(Secret.of("test", password)),
            true,
            TIMEOUT),
        EXTERNAL);
  }
}
