package com.opsmon.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI 3.0 description of every route, served at {@value #PATH}. It is written by hand in
 * {@code openapi.json} beside this class; {@code OpenApiTest} fails when a route is added or
 * removed without it.
 */
public final class OpenApi {
  public static final String PATH = "/openapi.json";

  private OpenApi() {}

  public static String document() {
    try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read openapi.json", e);
    }
  }
}
