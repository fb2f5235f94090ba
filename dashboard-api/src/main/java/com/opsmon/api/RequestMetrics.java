package com.opsmon.api;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Every API request timed in {@code opsmon_api_requests_seconds} by route (the matched path
 * pattern, never the raw path, so a client cannot grow the series; {@code other} for static files,
 * unknown paths and requests refused before routing), method and status. A stream request is timed
 * when it ends.
 */
final class RequestMetrics {
  private final MeterRegistry metrics;

  RequestMetrics(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  void record(Context ctx, Float ms) {
    Timer.builder("opsmon.api.requests")
        .description("API requests by route, method and status")
        .tag("route", route(ctx))
        .tag("method", ctx.method().name())
        .tag("status", Integer.toString(ctx.statusCode()))
        .register(metrics)
        .record(Duration.ofNanos((long) (ms * 1_000_000)));
  }

  private static String route(Context ctx) {
    try {
      Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
      return endpoint == null ? "other" : endpoint.path;
    } catch (RuntimeException none) {
      return "other";
    }
  }
}
