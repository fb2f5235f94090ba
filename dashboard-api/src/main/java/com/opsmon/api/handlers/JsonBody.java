package com.opsmon.api.handlers;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/** Reads a request's JSON body, turning a body that does not fit into a 400 that says why. */
final class JsonBody {
  private JsonBody() {}

  static <T> T read(Context ctx, Class<T> type) {
    try {
      T value = ctx.bodyAsClass(type);
      if (value == null) {
        throw new BadRequestResponse("the body must be a JSON object");
      }
      return value;
    } catch (BadRequestResponse e) {
      throw e;
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String message =
          cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("");
      throw new BadRequestResponse(
          "the body is not a valid " + type.getSimpleName() + ": " + message);
    }
  }
}
