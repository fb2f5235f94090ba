package com.opsmon.api;

import com.opsmon.api.alerts.AlertsSource;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.NotificationLogEntry;
import com.opsmon.model.alerts.Silence;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The alert manager's state, in memory. */
final class InMemoryAlerts implements AlertsSource {
  final Map<String, AlertView> alerts = new LinkedHashMap<>();
  final Map<String, Silence> silences = new LinkedHashMap<>();
  final List<NotificationLogEntry> log = new ArrayList<>();

  void put(AlertView alert) {
    alerts.put(alert.fingerprint(), alert);
  }

  @Override
  public Collection<AlertView> alerts() {
    return alerts.values();
  }

  @Override
  public Optional<AlertView> alert(String fingerprint) {
    return Optional.ofNullable(alerts.get(fingerprint));
  }

  @Override
  public Collection<Silence> silences() {
    return silences.values();
  }

  @Override
  public Optional<Silence> silence(String id) {
    return Optional.ofNullable(silences.get(id));
  }

  @Override
  public List<NotificationLogEntry> notifications(int limit, Optional<String> receiver) {
    return log.stream()
        .filter(e -> receiver.isEmpty() || receiver.get().equals(e.receiver()))
        .limit(limit)
        .toList();
  }

  @Override
  public void published(Silence silence) {
    silences.put(silence.id(), silence);
  }
}
