package com.opsmon.api.handlers;

import com.opsmon.api.alerts.AlertsSource;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/notifications?receiver=&limit=}: the newest entries of the notification log
 * (queued, each attempt and its outcome, what was held back and why), newest first.
 */
public final class NotificationsHandler {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final AlertsSource source;

  public NotificationsHandler(AlertsSource source) {
    this.source = source;
  }

  public void list(Context ctx) {
    int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequestResponse("'limit' must be between 1 and " + MAX_LIMIT);
    }
    ctx.json(
        Map.of(
            "notifications",
            source.notifications(limit, Optional.ofNullable(ctx.queryParam("receiver")))));
  }
}
