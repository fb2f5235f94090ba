package com.opsmon.ingest.http;

import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.health.HealthCheck;
import com.opsmon.model.json.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

/** The ingest endpoint as an HTTP app of its own, for the ingest service and its tests. */
public final class IngestApp {
  private IngestApp() {}

  public static Javalin create(IngestEndpoint endpoint) {
    return create(endpoint, () -> ComponentHealth.up("accepting events"));
  }

  /** With {@code GET /health} answering 200 while {@code health} is up, 503 otherwise. */
  public static Javalin create(IngestEndpoint endpoint, HealthCheck health) {
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.jsonMapper(new JavalinJackson(Json.mapper(), false));
          endpoint.register(config);
          config.routes.get(
              "/health",
              ctx -> {
                ComponentHealth state = HealthCheck.guarded(health).check();
                ctx.status(state.status() == ComponentHealth.Status.UP ? 200 : 503).json(state);
              });
        });
  }
}
