package com.opsmon.api.alerts;

import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.NotificationLogEntry;
import com.opsmon.model.alerts.Silence;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** What the API knows of the alert manager's state: alerts, silences, the notification log. */
public interface AlertsSource {
  Collection<AlertView> alerts();

  Optional<AlertView> alert(String fingerprint);

  Collection<Silence> silences();

  Optional<Silence> silence(String id);

  /** Up to {@code limit} of the newest log entries, newest first, optionally of one receiver. */
  List<NotificationLogEntry> notifications(int limit, Optional<String> receiver);

  /** Makes a silence just published visible before it comes back from the topic. */
  void published(Silence silence);
}
