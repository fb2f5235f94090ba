package com.opsmon.alerting.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.opsmon.alerting.TestSignals;
import com.opsmon.alerting.config.ReceiverConfig;
import com.opsmon.alerting.config.Secret;
import com.opsmon.alerting.receivers.WebhookReceiver;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Notification;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.retry.Backoff;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A webhook URL carries its secret in the path or query. Whatever fails on the way to it (nobody
 * listening, a URL the HTTP client will not take), the failure is logged, shown in the health and
 * kept in the notification log with the URL cut to its host.
 */
class SecretsInFailuresIT {
  /** 10:00 yesterday, placed relative to the clock, never a fixed date. */
  private static final Instant T1 =
      Instant.now()
          .truncatedTo(ChronoUnit.DAYS)
          .minus(Duration.ofDays(1))
          .plus(Duration.ofHours(10));

  private final StringWriter logged = new StringWriter();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private WriterAppender appender;

  @BeforeEach
  void captureLogs() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    appender =
        WriterAppender.createAppender(
            PatternLayout.newBuilder().withPattern("%level %c{1} %m %ex%n").build(),
            null,
            logged,
            "captured",
            false,
            true);
    appender.start();
    context.getConfiguration().getLoggerConfig("com.opsmon").addAppender(appender, Level.ALL, null);
    context.updateLoggers();
  }

  @AfterEach
  void release() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getLoggerConfig("com.opsmon").removeAppender("captured");
    context.updateLoggers();
    appender.stop();
    scheduler.shutdownNow();
  }

  private static int portNobodyListensOn() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Notification notification() {
    var eu = TestSignals.firing("orders_dropped", Map.of("region", "eu"), Severity.CRITICAL, T1);
    return new Notification(
        "k-000001",
        "hook",
        "0:{alertname=\"orders_dropped\"}",
        Map.of("alertname", "orders_dropped"),
        AlertStatus.FIRING,
        List.of(new Notification.Alert(eu.fingerprint(), eu, AlertState.FIRING, null)),
        0,
        Notification.Kind.NOTIFY,
        T1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // nobody listening
        "http://127.0.0.1:%d/hooks/T0/B0/SECRET-PATH?token=SECRET-QUERY",
        // no host: the HTTP client refuses it, quoting it whole
        "http:/hooks/%d/SECRET-PATH?token=SECRET-QUERY",
      })
  void shouldNeverLogNorShowTheSecretOfAWebhookUrl(String pattern) throws Exception {
    Secret url = Secret.of("test", pattern.formatted(portNobodyListensOn()));
    List<DeliveryQueue.Attempt> attempts = new CopyOnWriteArrayList<>();
    try (DeliveryQueue queue =
        new DeliveryQueue(
            new WebhookReceiver(
                new ReceiverConfig.Webhook("hook", url, Duration.ofSeconds(2)), "http://opsmon"),
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
            Duration.ofHours(1),
            1,
            scheduler,
            Clock.systemUTC())) {
      queue.submit(notification(), Instant.now(), attempts::add);
      await().atMost(Duration.ofSeconds(30)).until(() -> attempts.size() >= 2);

      ComponentHealth health = queue.health();
      assertThat(health.status()).isEqualTo(ComponentHealth.Status.DOWN);
      assertThat(health.detail()).startsWith("hook failing: ").doesNotContain("SECRET");
      assertThat(attempts)
          .allSatisfy(a -> assertThat(a.detail()).isNotBlank().doesNotContain("SECRET"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> logged.toString().contains("delivery of k-000001 to hook failed"));
      assertThat(logged.toString()).doesNotContain("SECRET");
    }
  }
}
