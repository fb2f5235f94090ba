package com.opsmon.api.handlers;

import com.opsmon.api.alerts.AlertCommands;
import com.opsmon.api.alerts.AlertsSource;
import com.opsmon.model.alerts.Matcher;
import com.opsmon.model.alerts.Silence;
import com.opsmon.model.config.Durations;
import com.opsmon.model.topics.Topics;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/v1/silences} lists the silences with their status; {@code POST} creates one
 * (matchers, start, end or duration, author, comment); {@code DELETE /api/v1/silences/{id}} ends
 * one now. Silences are published for the alerting app, which applies them at its next look at each
 * group.
 */
public final class SilencesHandler {
  private final AlertsSource source;
  private final AlertCommands commands;
  private final Clock clock;

  public SilencesHandler(AlertsSource source, AlertCommands commands, Clock clock) {
    this.source = source;
    this.commands = commands;
    this.clock = clock;
  }

  /** The body of a new silence; give {@code endsAt} or {@code duration} ({@code 2h}). */
  public record SilenceRequest(
      List<String> matchers,
      Instant startsAt,
      Instant endsAt,
      String duration,
      String createdBy,
      String comment) {}

  public void list(Context ctx) {
    Instant now = clock.instant();
    ctx.json(
        Map.of(
            "silences",
            source.silences().stream()
                .sorted(Comparator.comparing(Silence::endsAt).reversed().thenComparing(Silence::id))
                .map(s -> describe(s, now))
                .toList()));
  }

  public void create(Context ctx) {
    SilenceRequest request = JsonBody.read(ctx, SilenceRequest.class);
    List<String> problems = new ArrayList<>();
    List<Matcher> matchers = new ArrayList<>();
    if (request.matchers() == null || request.matchers().isEmpty()) {
      problems.add("'matchers' must list at least one matcher, e.g. region=\"eu\"");
    } else {
      for (String m : request.matchers()) {
        try {
          matchers.add(Matcher.parse(m));
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
      if (!matchers.isEmpty() && matchers.stream().allMatch(m -> m.matches(Map.of()))) {
        problems.add("the matchers would match every alert; name at least one label value");
      }
    }
    if (request.createdBy() == null || request.createdBy().isBlank()) {
      problems.add("'createdBy' must name who silences");
    }
    if (request.comment() == null || request.comment().isBlank()) {
      problems.add("'comment' must say why");
    }
    Instant now = clock.instant();
    Instant startsAt = request.startsAt() == null ? now : request.startsAt();
    Instant endsAt = request.endsAt();
    if (endsAt == null && request.duration() != null) {
      try {
        endsAt = startsAt.plus(Durations.parse(request.duration()));
      } catch (IllegalArgumentException e) {
        problems.add("'duration' " + e.getMessage());
      }
    }
    if (endsAt == null) {
      problems.add("give 'endsAt' or 'duration'");
    } else if (!endsAt.isAfter(startsAt) || !endsAt.isAfter(now)) {
      problems.add("'endsAt' must be after 'startsAt' and after now");
    } else if (endsAt.isAfter(now.plus(Topics.SILENCE_RETENTION))) {
      problems.add("a silence may last at most " + Topics.SILENCE_RETENTION.toDays() + " days");
    }
    if (!problems.isEmpty()) {
      throw new BadRequestResponse(String.join("; ", problems));
    }
    Silence silence =
        new Silence(
            UUID.randomUUID().toString(),
            matchers,
            startsAt,
            endsAt,
            request.createdBy(),
            request.comment(),
            now);
    commands.silence(silence);
    source.published(silence);
    ctx.status(HttpStatus.CREATED).json(describe(silence, now));
  }

  public void delete(Context ctx) {
    String id = ctx.pathParam("id");
    Silence silence =
        source.silence(id).orElseThrow(() -> new NotFoundResponse("no silence with id " + id));
    Instant now = clock.instant();
    if (!silence.status(now).equals("expired")) {
      Instant end = now.isBefore(silence.startsAt()) ? silence.startsAt() : now;
      silence =
          new Silence(
              silence.id(),
              silence.matchers(),
              silence.startsAt(),
              end,
              silence.createdBy(),
              silence.comment(),
              now);
      commands.silence(silence);
      source.published(silence);
    }
    ctx.json(describe(silence, now));
  }

  private static Map<String, Object> describe(Silence s, Instant now) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", s.id());
    out.put("status", s.status(now));
    out.put("matchers", s.matchers().stream().map(Matcher::toString).toList());
    out.put("startsAt", s.startsAt());
    out.put("endsAt", s.endsAt());
    out.put("createdBy", s.createdBy());
    out.put("comment", s.comment());
    out.put("updatedAt", s.updatedAt());
    return out;
  }
}
