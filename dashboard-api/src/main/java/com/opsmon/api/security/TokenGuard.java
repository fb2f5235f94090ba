package com.opsmon.api.security;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.UnauthorizedResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Optional;

/**
 * Wraps each route's handler in the token check its {@link Access} needs. The check runs inside the
 * route, so a refusal is timed under the route's own name in the per-route metrics, and is also
 * counted in {@code opsmon_api_requests_refused_total{cause="token"}}.
 */
public final class TokenGuard {
  /**
   * The query parameter the live stream also takes the token in: a browser's {@code EventSource}
   * cannot send an {@code Authorization} header (the name is RFC 6750's).
   */
  public static final String QUERY_PARAMETER = "access_token";

  private final ApiTokens tokens;
  private final Counter refused;

  public TokenGuard(ApiTokens tokens, MeterRegistry metrics) {
    this.tokens = tokens;
    this.refused =
        Counter.builder("opsmon.api.requests.refused")
            .description("API requests refused whole, by cause")
            .tag("cause", "token")
            .register(metrics);
  }

  public Handler read(Handler handler) {
    return guard(Access.READ, false, handler);
  }

  /** A read route that also takes the token as {@value #QUERY_PARAMETER}, for the live stream. */
  public Handler readWithQueryToken(Handler handler) {
    return guard(Access.READ, true, handler);
  }

  public Handler admin(Handler handler) {
    return guard(Access.ADMIN, false, handler);
  }

  private Handler guard(Access access, boolean queryToken, Handler handler) {
    return ctx -> {
      switch (tokens.check(access, presented(ctx, queryToken))) {
        case ALLOWED -> handler.handle(ctx);
        case MISSING -> refuse(ctx, access, "this needs a token: " + wanted(access, queryToken));
        case WRONG -> refuse(ctx, access, "the token is not valid here: " + wanted(access, false));
        case READ_ONLY -> {
          refused.increment();
          throw new ForbiddenResponse(
              "the read token cannot change anything: this needs the admin token");
        }
      }
    };
  }

  private void refuse(Context ctx, Access access, String message) {
    refused.increment();
    ctx.header("WWW-Authenticate", "Bearer realm=\"opsmon\"");
    throw new UnauthorizedResponse(message);
  }

  private static String wanted(Access access, boolean queryToken) {
    String header =
        access == Access.ADMIN
            ? "'Authorization: Bearer <admin token>'"
            : "'Authorization: Bearer <read or admin token>'";
    return queryToken ? header + " or ?" + QUERY_PARAMETER + "=<token>" : header;
  }

  /** The bearer token of the request, or of its query when the route allows that. */
  static Optional<String> presented(Context ctx, boolean queryToken) {
    String header = ctx.header("Authorization");
    if (header != null && header.length() > 7) {
      String scheme = header.substring(0, 7).toLowerCase(Locale.ROOT);
      if (scheme.equals("bearer ")) {
        return Optional.of(header.substring(7).strip()).filter(t -> !t.isEmpty());
      }
    }
    if (queryToken) {
      return Optional.ofNullable(ctx.queryParam(QUERY_PARAMETER)).filter(t -> !t.isBlank());
    }
    return Optional.empty();
  }
}
