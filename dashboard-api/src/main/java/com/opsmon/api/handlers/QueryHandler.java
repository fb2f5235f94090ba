package com.opsmon.api.handlers;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.opsmon.api.responses.QueryCsv;
import com.opsmon.api.responses.QueryResponse;
import com.opsmon.model.json.Json;
import com.opsmon.store.KpiReader;
import com.opsmon.store.query.AdHocQuery;
import com.opsmon.store.query.InvalidQueryException;
import com.opsmon.store.query.QueryLimits;
import com.opsmon.store.query.QueryResult;
import com.opsmon.store.query.QuerySpec;
import com.opsmon.store.query.QueryTimeoutException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/query}: a structured ad-hoc query ({@link QuerySpec} as JSON) checked against
 * the KPI registry and the {@link QueryLimits}, run by the store, answered as JSON or, with {@code
 * Accept: text/csv}, as CSV. A query that cannot run, or runs longer than allowed, is a 400 saying
 * what to change; the store failing is a 503 (the API's mapping of {@code StoreException}).
 */
public final class QueryHandler {
  /** A query is a few lines of JSON; anything much larger is not one. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  static final String CSV = "text/csv";

  // a misspelt field ("groupby") must be refused, not silently ignored
  private static final ObjectReader SPEC =
      Json.mapper()
          .readerFor(QuerySpec.class)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final KpiReader reader;
  private final QueryLimits limits;
  private final Clock clock;
  private final MeterRegistry metrics;

  public QueryHandler(KpiReader reader, QueryLimits limits, Clock clock, MeterRegistry metrics) {
    this.reader = reader;
    this.limits = limits;
    this.clock = clock;
    this.metrics = metrics;
  }

  public void handle(Context ctx) {
    Timer.Sample sample = Timer.start(metrics);
    String outcome = "error"; // unless run() says otherwise: the store failed
    try {
      outcome = run(ctx);
    } finally {
      sample.stop(
          Timer.builder("opsmon.api.query")
              .description("Ad-hoc queries by outcome, from request to answer")
              .tag("outcome", outcome)
              .register(metrics));
    }
  }

  private String run(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_BODY_BYTES) {
      refuse(
          ctx,
          HttpStatus.CONTENT_TOO_LARGE,
          List.of("a query may be at most " + MAX_BODY_BYTES + " bytes of JSON"));
      return "too_large";
    }
    QuerySpec spec;
    try {
      spec = SPEC.readValue(body);
    } catch (JacksonException e) {
      refuse(ctx, HttpStatus.BAD_REQUEST, List.of("not a query: " + e.getOriginalMessage()));
      return "invalid";
    } catch (IOException e) {
      refuse(ctx, HttpStatus.BAD_REQUEST, List.of("not a query: " + e.getMessage()));
      return "invalid";
    }
    if (spec == null) {
      refuse(ctx, HttpStatus.BAD_REQUEST, List.of("the body must be a JSON query object"));
      return "invalid";
    }
    AdHocQuery query;
    try {
      query = spec.validate(limits, clock.instant());
    } catch (InvalidQueryException e) {
      refuse(ctx, HttpStatus.BAD_REQUEST, e.problems());
      return "invalid";
    }
    QueryResult result;
    try {
      result = reader.query(query);
    } catch (QueryTimeoutException e) {
      refuse(
          ctx,
          HttpStatus.BAD_REQUEST,
          List.of(
              e.getMessage()
                  + "; ask for a shorter range, a longer window or interval, or fewer groups"));
      return "timeout";
    }
    if (wantsCsv(ctx)) {
      ctx.contentType("text/csv; charset=utf-8").result(QueryCsv.write(query, result));
    } else {
      ctx.json(QueryResponse.of(query, result));
    }
    return "ok";
  }

  private static boolean wantsCsv(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.contains(CSV);
  }

  private static void refuse(Context ctx, HttpStatus status, List<String> problems) {
    ctx.status(status).json(Map.of("error", String.join("; ", problems), "problems", problems));
  }
}
