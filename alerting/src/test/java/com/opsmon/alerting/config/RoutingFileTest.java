package com.opsmon.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.alerting.routing.Router;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingFileTest {
  private static final Map<String, String> ENV =
      Map.of(
          "SLACK_URL",
          "https://hooks.slack.test/services/T0/B0/SECRETTOKEN",
          "BAD_URL",
          "hooks.slack.test/services/T0/B0/SECRETTOKEN",
          "PD_KEY",
          "pdkey123");

  private static AlertingConfig parse(String yaml) {
    return RoutingFile.parse(
        yaml,
        "routing.yml",
        ENV,
        path -> {
          if (path.equals(Path.of("/run/secrets/smtp"))) {
            return "smtp-password\n";
          }
          if (path.equals(Path.of("/run/secrets/slack"))) {
            return "https://hooks.slack.test/services/T1/B1/FILETOKEN\n";
          }
          throw new IllegalArgumentException("cannot read " + path);
        },
        "http://opsmon");
  }

  @Test
  void shouldReadTheExampleRoutingFileWithInheritanceAndSecretsFromEnvAndFiles() throws Exception {
    String example =
        java.nio.file.Files.readString(Path.of("../docs/examples/routing.yml"))
            .replace("OPSMON_WEBHOOK_URL", "SLACK_URL")
            .replace("/run/secrets/slack-webhook-url", "/run/secrets/slack")
            .replace("PAGERDUTY_ROUTING_KEY", "PD_KEY")
            .replace(
                "auth_password_env: OPSMON_SMTP_PASSWORD", "auth_password_file: /run/secrets/smtp");

    AlertingConfig config = parse(example);

    assertThat(config.receivers().keySet())
        .containsExactlyInAnyOrder(
            "ops-webhook", "ops-slack", "pagerduty", "fulfilment-mail", "company-alertmanager");
    Route mail = config.route().routes().get(2);
    assertThat(mail.receiver()).isEqualTo("fulfilment-mail");
    assertThat(mail.groupBy()).containsExactly("warehouse");
    assertThat(mail.groupWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(mail.repeatInterval()).isEqualTo(Duration.ofHours(4));
    ReceiverConfig.Email email = (ReceiverConfig.Email) config.receivers().get("fulfilment-mail");
    assertThat(email.password().get().reveal()).isEqualTo("smtp-password");
    assertThat(email.port()).isEqualTo(587);
    assertThat(email.tls()).isEqualTo(ReceiverConfig.Email.Tls.STARTTLS);
    assertThat(config.timeIntervals().get("sunday-maintenance").periods().get(0).weekdays())
        .containsExactly(DayOfWeek.SUNDAY);
    assertThat(config.lifecycle().pendingFor(Map.of("alertname", "orders_dropped")))
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(config.limits()).isEqualTo(new AlertingConfig.Limits(200, 2000, 50));
    assertThat(
            new Router(config.route())
                .route(
                    Map.of("alertname", "orders_dropped", "severity", "critical", "region", "eu")))
        .extracting(d -> d.route().receiver(), Router.Destination::groupKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "pagerduty", "0.0:{alertname=\"orders_dropped\",region=\"eu\"}"),
            org.assertj.core.groups.Tuple.tuple(
                "ops-slack", "0.1:{alertname=\"orders_dropped\",region=\"eu\"}"));
  }

  @Test
  void shouldReportEveryProblemWithItsFieldAndUseNothing() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    route:
                      receiver: nowhere
                      group_wait: soon
                      mute_time_intervals: [weekends]
                      routes:
                        - matchers: ['region=~"(eu"']
                    receivers:
                      - name: hook
                        webhook: {url: "http://plain.example/in/the/file"}
                      - name: pd
                        pagerduty: {routing_key_env: MISSING_KEY}
                    limits: {alerts_per_rule: 0}
                    """))
        .isInstanceOfSatisfying(
            RoutingFile.InvalidRouting.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "limits.alerts_per_rule: must be a whole number of at least 1",
                        "receivers[0].webhook.url: unknown field (known: url_env, url_file, timeout)",
                        "receivers[0].webhook: give url_env or url_file (secrets are never in this file)",
                        "receivers[1].pagerduty.routing_key_env: environment variable MISSING_KEY is not set",
                        "route.group_wait: not a duration (30s, 5m, 4h): 'soon'",
                        "route.routes[0].matchers: not a regular expression in region=~: Unclosed group",
                        "route 0: receiver 'nowhere' is not in receivers",
                        "route 0: time interval 'weekends' is not defined"));
  }

  @Test
  void shouldNeverShowASecretInTextOrErrors() {
    AlertingConfig config =
        parse(
            """
            route: {receiver: slack}
            receivers:
              - name: slack
                slack: {url_env: SLACK_URL}
            """);

    ReceiverConfig.Slack slack = (ReceiverConfig.Slack) config.receivers().get("slack");
    assertThat(slack.toString())
        .doesNotContain("SECRETTOKEN")
        .contains("environment variable SLACK_URL");
    assertThat(config.toString()).doesNotContain("SECRETTOKEN");
    assertThatThrownBy(
            () ->
                parse(
                    """
                    route: {receiver: slack}
                    receivers:
                      - name: slack
                        slack: {url_env: BAD_URL}
                    """))
        .hasMessageContaining(
            "receivers[0].slack: the URL in environment variable BAD_URL is not an absolute http(s) URL")
        .hasMessageNotContaining("SECRETTOKEN");
  }

  @Test
  void shouldSendEveryAlertOnItsOwnToTheOneWebhookByDefault() {
    AlertingConfig config =
        RoutingFile.defaults(
            Optional.of(Secret.of("--webhook-url", "http://hook")), "http://opsmon");

    assertThat(config.route().groupsByAll()).isTrue();
    assertThat(config.route().groupWait()).isZero();
    assertThat(config.receivers().keySet()).containsExactly("webhook");
    assertThat(
            new Router(config.route()).route(Map.of("alertname", "orders_stopped", "region", "eu")))
        .extracting(Router.Destination::groupKey)
        .containsExactly("0:{alertname=\"orders_stopped\",region=\"eu\"}");
  }

  @Test
  void shouldTellWhetherAnInstantIsInAWindowThatRunsPastMidnightInItsTimeZone() {
    AlertingConfig config =
        parse(
            """
            route: {receiver: hook}
            receivers:
              - name: hook
                webhook: {url_env: SLACK_URL}
            time_intervals:
              - name: nightly
                time_zone: America/New_York
                intervals:
                  - weekdays: ['monday:friday']
                    times: [{start_time: "23:00", end_time: "01:00"}]
            """);
    TimeInterval nightly = config.timeIntervals().get("nightly");

    // Friday 23:30 and Saturday 00:30 in New York (UTC-5 in winter), then Saturday 23:30
    assertThat(nightly.contains(Instant.parse("2026-01-10T04:30:00Z"))).isTrue();
    assertThat(nightly.contains(Instant.parse("2026-01-10T05:30:00Z"))).isTrue();
    assertThat(nightly.contains(Instant.parse("2026-01-11T04:30:00Z"))).isFalse();
    assertThat(nightly.contains(Instant.parse("2026-01-10T06:30:00Z"))).isFalse();
    assertThat(List.of()).isEmpty();
  }
}
