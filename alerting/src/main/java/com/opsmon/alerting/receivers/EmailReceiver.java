package com.opsmon.alerting.receivers;

import com.opsmon.alerting.config.ReceiverConfig;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Notification;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;

/**
 * Sends a plain-text e-mail per notification over SMTP: STARTTLS (required), TLS from the first
 * byte, or plain for a local relay; with a user and password when configured. The Message-ID is
 * derived from the notification's idempotency key, so a redelivered mail threads as the same one.
 */
public final class EmailReceiver implements Receiver {
  private final ReceiverConfig.Email config;
  private final String externalUrl;
  private final Session session;

  public EmailReceiver(ReceiverConfig.Email config, String externalUrl) {
    this.config = config;
    this.externalUrl = externalUrl;
    this.session = Session.getInstance(properties(config));
  }

  static Properties properties(ReceiverConfig.Email config) {
    String protocol = config.tls() == ReceiverConfig.Email.Tls.TLS ? "smtps" : "smtp";
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.put("mail.transport.protocol", protocol);
    props.put(p + "host", config.host());
    props.put(p + "port", String.valueOf(config.port()));
    props.put(p + "auth", String.valueOf(config.username().isPresent()));
    String millis = String.valueOf(config.timeout().toMillis());
    props.put(p + "connectiontimeout", millis);
    props.put(p + "timeout", millis);
    props.put(p + "writetimeout", millis);
    if (config.tls() == ReceiverConfig.Email.Tls.STARTTLS) {
      props.put(p + "starttls.enable", "true");
      props.put(p + "starttls.required", "true");
    }
    if (config.tls() != ReceiverConfig.Email.Tls.NONE) {
      props.put(p + "ssl.checkserveridentity", String.valueOf(!config.insecureSkipVerify()));
      if (config.insecureSkipVerify()) {
        props.put(p + "ssl.trust", "*");
      }
    }
    return props;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public Result deliver(Notification notification) throws Exception {
    MimeMessage message = message(notification);
    try (Transport transport = session.getTransport()) {
      if (config.username().isPresent()) {
        transport.connect(
            config.host(),
            config.port(),
            config.username().get(),
            config.password().get().reveal());
      } else {
        transport.connect();
      }
      transport.sendMessage(message, message.getAllRecipients());
      return Result.delivered("accepted by " + config.host() + ":" + config.port());
    } catch (AuthenticationFailedException e) {
      // worth retrying: the notification waits while someone fixes the password
      return Result.retry("SMTP authentication failed: " + e.getMessage());
    } catch (SendFailedException e) {
      if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
        return Result.rejected("invalid recipients: " + e.getMessage());
      }
      throw e;
    }
  }

  MimeMessage message(Notification notification) throws MessagingException {
    String id = notification.idempotencyKey();
    MimeMessage message =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + id + "@opsmon>");
          }
        };
    try {
      message.setFrom(new InternetAddress(config.from(), true));
      for (String to : config.to()) {
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
      }
    } catch (AddressException e) {
      throw new MessagingException(
          "bad address in receiver " + config.name() + ": " + e.getMessage(), e);
    }
    message.setSubject(AlertmanagerPayload.title(notification), "UTF-8");
    message.setHeader("X-Opsmon-Idempotency-Key", id);
    message.setSentDate(Date.from(notification.createdAt()));
    message.setText(body(notification), "UTF-8");
    return message;
  }

  private String body(Notification notification) {
    StringBuilder text = new StringBuilder(AlertmanagerPayload.title(notification)).append("\n\n");
    for (Notification.Alert alert : notification.alerts()) {
      text.append(alert.status() == AlertStatus.FIRING ? "FIRING  " : "RESOLVED ")
          .append(
              alert.signal().summary() == null ? alert.signal().rule() : alert.signal().summary())
          .append('\n');
      AlertmanagerPayload.labels(alert.signal())
          .forEach((k, v) -> text.append("  ").append(k).append(": ").append(v).append('\n'));
      if (alert.signal().value() != null) {
        text.append("  value: ").append(alert.signal().value()).append('\n');
      }
      text.append("  started: ").append(alert.signal().startsAt()).append('\n');
      if (alert.status() == AlertStatus.RESOLVED && alert.signal().endsAt() != null) {
        text.append("  ended: ").append(alert.signal().endsAt()).append('\n');
      }
      if (alert.ack() != null) {
        text.append("  acknowledged by: ").append(alert.ack().by()).append('\n');
      }
      if (alert.signal().runbookUrl() != null) {
        text.append("  runbook: ").append(alert.signal().runbookUrl()).append('\n');
      }
      text.append("  details: ")
          .append(externalUrl)
          .append("/api/v1/alerts/")
          .append(alert.fingerprint())
          .append("\n\n");
    }
    if (notification.truncated() > 0) {
      text.append("...and ")
          .append(notification.truncated())
          .append(" more alerts of this group.\n");
    }
    text.append("Notification ").append(notification.idempotencyKey()).append('\n');
    return text.toString();
  }
}
