package com.opsmon.alerting.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where a receiver delivers and how; one record per wire format. */
public sealed interface ReceiverConfig {
  String name();

  /** Alertmanager webhook payload (version 4) POSTed to a URL. */
  record Webhook(String name, Secret url, Duration timeout) implements ReceiverConfig {}

  /** A Slack incoming webhook. */
  record Slack(String name, Secret url, Optional<String> channel, Duration timeout)
      implements ReceiverConfig {}

  /** PagerDuty Events API v2: one event per alert, {@code dedup_key} = fingerprint. */
  record PagerDuty(String name, Secret routingKey, URI eventsUrl, Duration timeout)
      implements ReceiverConfig {
    public static final URI EVENTS_V2 = URI.create("https://events.pagerduty.com/v2/enqueue");
  }

  /**
   * E-mail over SMTP.
   *
   * @param insecureSkipVerify accept any server certificate (only for a test server)
   */
  record Email(
      String name,
      String host,
      int port,
      Tls tls,
      String from,
      List<String> to,
      Optional<String> username,
      Optional<Secret> password,
      boolean insecureSkipVerify,
      Duration timeout)
      implements ReceiverConfig {
    /** How the SMTP connection is protected. */
    public enum Tls {
      /** Plain SMTP (only for a relay on the same host). */
      NONE,
      /** Plain connection upgraded with STARTTLS, which is required. */
      STARTTLS,
      /** TLS from the first byte (SMTPS, usually port 465). */
      TLS
    }

    public Email {
      to = List.copyOf(to);
    }
  }

  /** An existing Prometheus Alertmanager: alerts POSTed to {@code /api/v2/alerts}. */
  record Alertmanager(String name, URI url, Duration timeout) implements ReceiverConfig {}
}
