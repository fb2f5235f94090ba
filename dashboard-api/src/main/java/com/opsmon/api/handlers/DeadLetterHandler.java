package com.opsmon.api.handlers;

import com.opsmon.api.deadletters.RecentDeadLetters;
import com.opsmon.model.deadletter.DeadLetterReason;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code GET /api/v1/dlq?limit=&reason=}: the newest dead letters, newest first. */
public final class DeadLetterHandler {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final RecentDeadLetters recent;

  public DeadLetterHandler(RecentDeadLetters recent) {
    this.recent = recent;
  }

  public void handle(Context ctx) {
    int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequestResponse("'limit' must be between 1 and " + MAX_LIMIT);
    }
    Optional<DeadLetterReason> reason =
        Optional.ofNullable(ctx.queryParam("reason")).map(DeadLetterHandler::reason);
    ctx.json(Map.of("deadLetters", recent.newest(limit, reason)));
  }

  private static DeadLetterReason reason(String code) {
    return Arrays.stream(DeadLetterReason.values())
        .filter(r -> r.code().equals(code))
        .findFirst()
        .orElseThrow(
            () ->
                new BadRequestResponse(
                    "unknown reason '"
                        + code
                        + "'; reasons are "
                        + Arrays.stream(DeadLetterReason.values())
                            .map(DeadLetterReason::code)
                            .collect(Collectors.joining(", "))));
  }
}
