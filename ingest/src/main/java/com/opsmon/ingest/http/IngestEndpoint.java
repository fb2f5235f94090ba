package com.opsmon.ingest.http;

import com.opsmon.ingest.metrics.IngestMetrics;
import com.opsmon.ingest.publish.EventPublisher;
import com.opsmon.ingest.validation.EventValidator;
import com.opsmon.ingest.validation.Verdict;
import com.opsmon.model.deadletter.DeadLetter;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/events}: accepts a JSON array or NDJSON of events (optionally gzip-encoded),
 * validates each one on its own, writes the good ones to the raw topic and the bad ones to the
 * dead-letter topic, and answers 202 only once Kafka has stored both.
 */
public final class IngestEndpoint {
  public static final String PATH = "/api/v1/events";
  static final int MAX_ERRORS_LISTED = 1000;
  private static final String SOURCE = "http";
  private static final Logger log = LoggerFactory.getLogger(IngestEndpoint.class);

  private final IngestSettings settings;
  private final EventValidator validator;
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final Clock clock;

  public IngestEndpoint(
      IngestSettings settings, EventPublisher publisher, IngestMetrics metrics, Clock clock) {
    this.settings = settings;
    this.validator = new EventValidator(settings.rules());
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
  }

  public void register(JavalinConfig config) {
    config.routes.post(PATH, this::handle);
  }

  void handle(Context ctx) {
    if (!authorised(ctx)) {
      return;
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > settings.maxBodyBytes()) {
      tooLarge(ctx);
      return;
    }
    byte[] body;
    // the compressed side is limited too: a stream of empty gzip members never grows the other
    try (InputStream in = new LimitedInputStream(ctx.bodyInputStream(), settings.maxBodyBytes())) {
      body = in.readAllBytes();
      if (isGzip(ctx)) {
        body = Gzip.decompress(body, settings.maxBodyBytes());
      }
    } catch (BodyTooLargeException e) {
      tooLarge(ctx);
      return;
    } catch (ZipException e) {
      error(ctx, HttpStatus.BAD_REQUEST, "the body is not valid gzip: " + e.getMessage());
      return;
    } catch (IOException e) {
      error(ctx, HttpStatus.BAD_REQUEST, "the body could not be read: " + e.getMessage());
      return;
    }

    List<BodyItem> items = BodyReader.read(ctx.contentType(), body);
    Instant now = clock.instant();
    List<EventPublisher.RawEvent> accepted = new ArrayList<>();
    List<DeadLetter> rejected = new ArrayList<>();
    List<IngestResponse.LineError> errors = new ArrayList<>();
    List<Verdict.Valid> valid = new ArrayList<>();
    for (BodyItem item : items) {
      Verdict verdict = verdictOf(item, now);
      if (verdict instanceof Verdict.Valid v) {
        valid.add(v);
        accepted.add(new EventPublisher.RawEvent(v.key(), item.raw()));
      } else {
        Verdict.Invalid invalid = (Verdict.Invalid) verdict;
        rejected.add(
            DeadLetter.of(
                invalid.reason(), invalid.detail(), item.raw(), SOURCE, now, item.line()));
        if (errors.size() < MAX_ERRORS_LISTED) {
          errors.add(
              new IngestResponse.LineError(item.line(), invalid.reason().code(), invalid.detail()));
        }
      }
    }
    try {
      publisher.publish(accepted, rejected);
    } catch (EventPublisher.PublishException e) {
      log.warn("ingest request not stored: {}", e.getMessage());
      error(
          ctx,
          HttpStatus.SERVICE_UNAVAILABLE,
          e.getMessage() + "; nothing from this request can be assumed stored, send it again");
      return;
    }
    valid.forEach(v -> metrics.accepted(v.type()));
    rejected.forEach(r -> metrics.rejected(r.reason()));
    ctx.status(HttpStatus.ACCEPTED)
        .json(
            new IngestResponse(
                accepted.size(),
                rejected.size(),
                errors,
                rejected.size() > errors.size() ? Boolean.TRUE : null));
  }

  private Verdict verdictOf(BodyItem item, Instant now) {
    return item.unreadable() != null ? item.unreadable() : validator.validate(item.raw(), now);
  }

  private boolean authorised(Context ctx) {
    if (settings.bearerToken().isEmpty()) {
      return true;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"opsmon\"");
      error(ctx, HttpStatus.UNAUTHORIZED, "this endpoint needs 'Authorization: Bearer <token>'");
      return false;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    byte[] expected = settings.bearerToken().get().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, expected)) {
      error(ctx, HttpStatus.FORBIDDEN, "the bearer token is not valid for this endpoint");
      return false;
    }
    return true;
  }

  private static boolean isGzip(Context ctx) {
    String encoding = ctx.header("Content-Encoding");
    return encoding != null && encoding.strip().equalsIgnoreCase("gzip");
  }

  private void tooLarge(Context ctx) {
    error(
        ctx,
        HttpStatus.CONTENT_TOO_LARGE,
        "the request body exceeds "
            + settings.maxBodyBytes()
            + " bytes; split it into smaller requests");
  }

  private static void error(Context ctx, HttpStatus status, String message) {
    ctx.status(status).json(Map.of("error", message));
  }
}
