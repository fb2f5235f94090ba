package com.opsmon.api.handlers;

import com.opsmon.api.responses.HealthResponse;
import com.opsmon.model.health.ComponentHealth;
import com.opsmon.model.health.HealthCheck;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: 200 when every component is up, 503 otherwise; always each component's
 * state.
 */
public final class HealthHandler {
  private final Map<String, HealthCheck> checks;

  public HealthHandler(Map<String, HealthCheck> checks) {
    this.checks = checks;
  }

  public void handle(Context ctx) {
    Map<String, ComponentHealth> components = new LinkedHashMap<>();
    checks.forEach((name, check) -> components.put(name, HealthCheck.guarded(check).check()));
    ComponentHealth.Status overall = overall(components);
    ctx.status(
            overall == ComponentHealth.Status.UP ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .json(new HealthResponse(overall, components));
  }

  static ComponentHealth.Status overall(Map<String, ComponentHealth> components) {
    ComponentHealth.Status overall = ComponentHealth.Status.UP;
    for (ComponentHealth c : components.values()) {
      if (c.status() == ComponentHealth.Status.DOWN) {
        return ComponentHealth.Status.DOWN;
      }
      if (c.status() == ComponentHealth.Status.STARTING) {
        overall = ComponentHealth.Status.STARTING;
      }
    }
    return overall;
  }
}
