package com.opsmon.ingest.http;

import com.opsmon.model.json.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

/** The ingest endpoint as an HTTP app of its own, for the ingest service and its tests. */
public final class IngestApp {
  private IngestApp() {}

  public static Javalin create(IngestEndpoint endpoint) {
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.jsonMapper(new JavalinJackson(Json.mapper(), false));
          endpoint.register(config);
        });
  }
}
