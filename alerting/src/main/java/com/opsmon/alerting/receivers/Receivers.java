package com.opsmon.alerting.receivers;

import com.opsmon.alerting.config.ReceiverConfig;

/** Builds the receiver for a receiver's configuration: one implementation per wire format. */
public final class Receivers {
  private Receivers() {}

  public static Receiver create(ReceiverConfig config, String externalUrl) {
    if (config instanceof ReceiverConfig.Webhook webhook) {
      return new WebhookReceiver(webhook, externalUrl);
    } else if (config instanceof ReceiverConfig.Slack slack) {
      return new SlackReceiver(slack, externalUrl);
    } else if (config instanceof ReceiverConfig.PagerDuty pagerDuty) {
      return new PagerDutyReceiver(pagerDuty, externalUrl);
    } else if (config instanceof ReceiverConfig.Email email) {
      return new EmailReceiver(email, externalUrl);
    }
    return new AlertmanagerReceiver((ReceiverConfig.Alertmanager) config, externalUrl);
  }
}
