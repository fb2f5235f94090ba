package com.opsmon.api.handlers;

import com.opsmon.api.alerts.AlertCommands;
import com.opsmon.api.alerts.AlertsSource;
import com.opsmon.model.alerts.Ack;
import com.opsmon.model.alerts.AckCommand;
import com.opsmon.model.alerts.AlertState;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.Silence;
import com.opsmon.model.config.Durations;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/alerts?state=} lists the alerts, {@code GET /api/v1/alerts/{fingerprint}}
 * shows one with its history, and {@code POST /api/v1/alerts/{fingerprint}/ack} acknowledges one:
 * the acknowledgement is published for the alerting app, which applies it within seconds.
 */
public final class AlertsHandler {
  /** An acknowledgement lasts this long when the person gives no end. */
  static final Duration DEFAULT_ACK = Duration.ofHours(4);

  static final Duration MAX_ACK = Duration.ofDays(7);

  private final AlertsSource source;
  private final AlertCommands commands;
  private final Clock clock;

  public AlertsHandler(AlertsSource source, AlertCommands commands, Clock clock) {
    this.source = source;
    this.commands = commands;
    this.clock = clock;
  }

  /** The body of an acknowledgement: who, why, and for how long ({@code 2h}) or until when. */
  public record AckRequest(String by, String comment, String duration, Instant until) {}

  public void list(Context ctx) {
    Optional<AlertState> state =
        Optional.ofNullable(ctx.queryParam("state")).map(AlertsHandler::state);
    Instant now = clock.instant();
    List<Map<String, Object>> alerts =
        source.alerts().stream()
            .filter(a -> state.isEmpty() || a.state() == state.get())
            .sorted(
                Comparator.comparing((AlertView a) -> a.signal().startsAt())
                    .reversed()
                    .thenComparing(AlertView::fingerprint))
            .map(a -> describe(a, now, false))
            .toList();
    ctx.json(Map.of("alerts", alerts));
  }

  public void get(Context ctx) {
    ctx.json(describe(find(ctx.pathParam("fingerprint")), clock.instant(), true));
  }

  public void ack(Context ctx) {
    AlertView alert = find(ctx.pathParam("fingerprint"));
    if (alert.state() == AlertState.RESOLVED) {
      throw new ConflictResponse(
          "alert " + alert.fingerprint() + " is resolved; nothing to acknowledge");
    }
    AckRequest request = JsonBody.read(ctx, AckRequest.class);
    if (request.by() == null || request.by().isBlank()) {
      throw new BadRequestResponse("'by' must name who acknowledges");
    }
    Instant now = clock.instant();
    Instant until;
    if (request.until() != null) {
      until = request.until();
    } else {
      try {
        until =
            now.plus(
                request.duration() == null ? DEFAULT_ACK : Durations.parse(request.duration()));
      } catch (IllegalArgumentException e) {
        throw new BadRequestResponse("'duration' " + e.getMessage());
      }
    }
    if (!until.isAfter(now) || until.isAfter(now.plus(MAX_ACK))) {
      throw new BadRequestResponse(
          "an acknowledgement must end after now and within " + MAX_ACK.toDays() + " days");
    }
    Ack ack = new Ack(request.by(), request.comment(), now, until);
    commands.ack(new AckCommand(alert.fingerprint(), alert.rule(), ack));
    ctx.status(HttpStatus.ACCEPTED).json(Map.of("fingerprint", alert.fingerprint(), "ack", ack));
  }

  private AlertView find(String fingerprint) {
    return source
        .alert(fingerprint)
        .orElseThrow(() -> new NotFoundResponse("no alert with fingerprint " + fingerprint));
  }

  private Map<String, Object> describe(AlertView alert, Instant now, boolean withHistory) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("fingerprint", alert.fingerprint());
    out.put("state", alert.state());
    out.put("labels", alert.routingLabels());
    out.put("summary", alert.signal().summary());
    out.put("value", alert.signal().value());
    out.put("expected", alert.signal().expectedRange());
    out.put("startsAt", alert.signal().startsAt());
    out.put("endsAt", alert.signal().endsAt());
    out.put("runbookUrl", alert.signal().runbookUrl());
    out.put("ack", alert.ack());
    out.put(
        "silencedBy",
        source.silences().stream()
            .filter(s -> s.mutes(alert.routingLabels(), now))
            .map(Silence::id)
            .sorted()
            .toList());
    out.put("updatedAt", alert.updatedAt());
    if (withHistory) {
      out.put("history", alert.history());
    }
    return out;
  }

  private static AlertState state(String text) {
    try {
      return AlertState.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequestResponse(
          "'state' must be one of pending, firing, acknowledged, flapping, resolved");
    }
  }
}
