package com.opsmon.api.handlers;

import io.javalin.http.Handler;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards a change behind {@code Authorization: Bearer <admin token>} when a token is configured.
 */
public final class AdminToken {
  private AdminToken() {}

  public static Handler guard(Optional<String> token, Handler handler) {
    if (token.isEmpty()) {
      return handler;
    }
    byte[] expected = ("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8);
    return ctx -> {
      String given = ctx.header("Authorization");
      // constant time: a token must not leak through how long a refusal takes
      if (given == null
          || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
        ctx.header("WWW-Authenticate", "Bearer");
        throw new UnauthorizedResponse(
            "this change needs the admin token (Authorization: Bearer ...)");
      }
      handler.handle(ctx);
    };
  }
}
