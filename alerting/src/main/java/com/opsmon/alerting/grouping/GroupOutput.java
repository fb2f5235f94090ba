package com.opsmon.alerting.grouping;

import com.opsmon.model.alerts.Notification;
import com.opsmon.model.alerts.NotificationLogEntry;

/** What a group decided: a notification to deliver, or a log entry (exactly one is set). */
public record GroupOutput(Notification notification, NotificationLogEntry logEntry) {
  public static GroupOutput deliver(Notification notification) {
    return new GroupOutput(notification, null);
  }

  public static GroupOutput log(NotificationLogEntry entry) {
    return new GroupOutput(null, entry);
  }
}
