package com.opsmon.api;

import com.opsmon.api.alerts.AlertCommands;
import com.opsmon.api.handlers.AlertsHandler;
import com.opsmon.api.handlers.DeadLetterHandler;
import com.opsmon.api.handlers.HealthHandler;
import com.opsmon.api.handlers.KpiHandlers;
import com.opsmon.api.handlers.NotificationsHandler;
import com.opsmon.api.handlers.QueryHandler;
import com.opsmon.api.handlers.RulesHandler;
import com.opsmon.api.handlers.SilencesHandler;
import com.opsmon.api.handlers.StreamHandler;
import com.opsmon.api.http.AllowedHosts;
import com.opsmon.api.overview.Overview;
import com.opsmon.api.security.TokenGuard;
import com.opsmon.api.stream.StreamHub;
import com.opsmon.ingest.http.CrossSiteRequests;
import com.opsmon.model.json.Json;
import com.opsmon.store.StoreException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.validation.ValidationException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's HTTP API. {@link #create} builds the app without starting it, so tests start it on
 * a free port and production binds it to loopback or the configured host.
 */
public final class DashboardApi {
  private static final Logger log = LoggerFactory.getLogger(DashboardApi.class);
  private static final java.util.Set<String> INSTANT_PARAMS = java.util.Set.of("from", "to");

  private DashboardApi() {}

  public static Javalin create(ApiContext context) {
    KpiHandlers kpis =
        new KpiHandlers(
            context.kpis(), context.clock(), KpiHandlers.recentAnswers(context.metrics()));
    HealthHandler health = new HealthHandler(context.health());
    QueryHandler query =
        new QueryHandler(context.kpis(), context.queryLimits(), context.clock(), context.metrics());
    Overview overview =
        new Overview(context.kpis(), context.overview(), context.alerts(), context.clock());
    RequestMetrics requests = new RequestMetrics(context.metrics());
    String openApi = OpenApi.document();
    Counter crossSite =
        Counter.builder("opsmon.api.requests.refused")
            .description("API requests refused whole, by cause")
            .tag("cause", "cross_site")
            .register(context.metrics());
    Counter foreignHost =
        Counter.builder("opsmon.api.requests.refused")
            .description("API requests refused whole, by cause")
            .tag("cause", "host_not_allowed")
            .register(context.metrics());
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          // the ops-room page: static files in the jar; the policy lets it load nothing else
          config.staticFiles.add(
              files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers =
                    Map.of(
                        "Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
                        "X-Content-Type-Options",
                        "nosniff");
              });
          config.routes.before(
              ctx -> {
                if (!context.allowedHosts().allows(ctx.header("Host"))) {
                  foreignHost.increment();
                  throw new HttpResponseException(
                      HttpStatus.MISDIRECTED_REQUEST.getCode(), AllowedHosts.REFUSAL);
                }
                if (CrossSiteRequests.refused(ctx)) {
                  crossSite.increment();
                  throw new HttpResponseException(
                      HttpStatus.FORBIDDEN.getCode(), CrossSiteRequests.REFUSAL);
                }
              });
          config.requestLogger.http((ctx, ms) -> requests.record(ctx, ms));
          config.jsonMapper(new JavalinJackson(Json.mapper(), false));
          config.validation.register(Instant.class, DashboardApi::instant);
          config.validation.register(java.time.Duration.class, java.time.Duration::parse);
          TokenGuard guard = new TokenGuard(context.tokens(), context.metrics());
          config.routes.get("/health", health::handle);
          config.routes.get(
              OpenApi.PATH,
              ctx -> ctx.contentType("application/json; charset=utf-8").result(openApi));
          config.routes.get(
              "/metrics",
              guard.read(
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(context.metrics().scrape())));
          config.routes.get("/api/v1/kpis", guard.read(kpis::catalog));
          config.routes.get("/api/v1/kpis/{kpi}", guard.read(kpis::series));
          config.routes.post("/api/v1/query", guard.read(query::handle));
          config.routes.get("/api/v1/overview", guard.read(overview::handle));
          context.stream()
              .ifPresent(
                  live -> {
                    // each stream client holds a thread: room for all of them and the rest
                    config.jetty.threadPool =
                        new QueuedThreadPool(live.settings().maxClients() + 200, 8, 60_000);
                    config.routes.get(
                        "/api/v1/stream",
                        guard.readWithQueryToken(
                            new StreamHandler(live.hub(), live.settings())::handle));
                    Gauge.builder("opsmon.api.stream.clients", live.hub(), StreamHub::clients)
                        .description("Clients of the live stream now")
                        .register(context.metrics());
                    FunctionCounter.builder(
                            "opsmon.api.stream.cut.off", live.hub(), StreamHub::cutOff)
                        .description("Stream clients disconnected for falling a buffer behind")
                        .register(context.metrics());
                  });
          context
              .deadLetters()
              .ifPresent(
                  recent ->
                      config.routes.get(
                          "/api/v1/dlq", guard.read(new DeadLetterHandler(recent)::handle)));
          context
              .rules()
              .ifPresent(
                  repository -> {
                    RulesHandler rules = new RulesHandler(repository);
                    config.routes.get("/api/v1/rules", guard.read(rules::get));
                    config.routes.put("/api/v1/rules", guard.admin(rules::put));
                  });
          context
              .alerts()
              .ifPresent(
                  alerts -> {
                    AlertsHandler handler =
                        new AlertsHandler(alerts.source(), alerts.commands(), context.clock());
                    SilencesHandler silences =
                        new SilencesHandler(alerts.source(), alerts.commands(), context.clock());
                    config.routes.get("/api/v1/alerts", guard.read(handler::list));
                    config.routes.get("/api/v1/alerts/{fingerprint}", guard.read(handler::get));
                    config.routes.post(
                        "/api/v1/alerts/{fingerprint}/ack", guard.admin(handler::ack));
                    config.routes.get("/api/v1/silences", guard.read(silences::list));
                    config.routes.post("/api/v1/silences", guard.admin(silences::create));
                    config.routes.delete("/api/v1/silences/{id}", guard.admin(silences::delete));
                    config.routes.get(
                        "/api/v1/notifications",
                        guard.read(new NotificationsHandler(alerts.source())::list));
                  });
          // the ingest endpoint checks its own token (--ingest-token): senders are not readers
          context.ingest().ifPresent(endpoint -> endpoint.register(config));
          config.routes.exception(ValidationException.class, DashboardApi::invalidParameter);
          config.routes.exception(
              HttpResponseException.class,
              (e, ctx) -> error(ctx, HttpStatus.forStatus(e.getStatus()), e.getMessage()));
          config.routes.exception(
              Exception.class,
              (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(
                    ctx,
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "internal error; the server log has the details");
              });
          config.routes.exception(
              AlertCommands.KafkaUnavailable.class,
              (e, ctx) -> {
                log.warn("publishing a change for the alerting app failed: {}", e.getMessage());
                error(
                    ctx,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "Kafka is unavailable; nothing was changed, try again");
              });
          config.routes.exception(
              StoreException.class,
              (e, ctx) -> {
                log.warn("store query failed: {}", e.getMessage());
                error(
                    ctx,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "the KPI store is unavailable: " + e.getMessage());
              });
        });
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an ISO-8601 instant", e);
    }
  }

  private static void invalidParameter(ValidationException e, Context ctx) {
    String problems =
        e.getErrors().entrySet().stream()
            .map(
                field ->
                    "'"
                        + field.getKey()
                        + "' "
                        + explain(field.getKey(), field.getValue().get(0).getMessage()))
            .collect(Collectors.joining("; "));
    error(ctx, HttpStatus.BAD_REQUEST, problems);
  }

  private static String explain(String field, String message) {
    if (!"TYPE_CONVERSION_FAILED".equals(message)) {
      return message;
    }
    if (INSTANT_PARAMS.contains(field)) {
      return "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z";
    }
    return "window".equals(field)
        ? "must be an ISO-8601 duration such as PT5M"
        : "must be a whole number";
  }

  private static void error(Context ctx, HttpStatus status, String message) {
    ctx.status(status).json(Map.of("error", message));
  }
}
