package com.opsmon.ingest.http;

import com.opsmon.ingest.metrics.IngestMetrics;
import com.opsmon.ingest.publish.EventPublisher;
import com.opsmon.ingest.validation.EventValidator;
import com.opsmon.ingest.validation.Verdict;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
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

  /** Clients whose send rate is tracked at once; the least recently seen are forgotten. */
  static final int MAX_CLIENTS = 10_000;

  /** How much of a refused body is read and dropped before the connection is closed. */
  private static final long LINGER_BYTES = 32L << 20;

  private static final Duration LINGER_TIME = Duration.ofSeconds(2);
  private static final String SOURCE = "http";
  private static final Logger log = LoggerFactory.getLogger(IngestEndpoint.class);

  private final IngestSettings settings;
  private final EventValidator validator;
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final Clock clock;
  private final Semaphore inFlight;
  private final ClientRateLimiter rates;

  public IngestEndpoint(
      IngestSettings settings, EventPublisher publisher, IngestMetrics metrics, Clock clock) {
    this.settings = settings;
    this.validator = new EventValidator(settings.rules());
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    IngestLimits limits = settings.limits();
    this.inFlight = new Semaphore(limits.maxConcurrentRequests());
    this.rates =
        new ClientRateLimiter(
            limits.eventsPerSecondPerClient(),
            Math.max(limits.eventsPerSecondPerClient(), limits.maxEventsPerRequest()),
            MAX_CLIENTS,
            System::nanoTime);
  }

  /** Requests being read and published right now. */
  public int requestsInFlight() {
    return settings.limits().maxConcurrentRequests() - inFlight.availablePermits();
  }

  public void register(JavalinConfig config) {
    config.routes.post(PATH, this::handle);
  }

  void handle(Context ctx) {
    if (CrossSiteRequests.refused(ctx)) {
      refuse(
          ctx,
          HttpStatus.FORBIDDEN,
          IngestMetrics.Refusal.CROSS_SITE,
          0,
          CrossSiteRequests.REFUSAL);
      return;
    }
    if (!authorised(ctx)) {
      return;
    }
    if (!inFlight.tryAcquire()) {
      refuse(
          ctx,
          HttpStatus.TOO_MANY_REQUESTS,
          IngestMetrics.Refusal.CONCURRENCY,
          1,
          "too many ingest requests at once ("
              + settings.limits().maxConcurrentRequests()
              + "); send it again shortly");
      return;
    }
    try {
      handleAdmitted(ctx);
    } finally {
      inFlight.release();
    }
  }

  private void handleAdmitted(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > settings.maxBodyBytes()) {
      tooLarge(ctx);
      return;
    }
    byte[] body;
    InputStream raw = ctx.bodyInputStream();
    try {
      // the compressed side is limited too: a stream of empty gzip members never grows the other
      body = new LimitedInputStream(raw, settings.maxBodyBytes()).readAllBytes();
      if (isGzip(ctx)) {
        body = Gzip.decompress(body, settings.maxBodyBytes());
      }
    } catch (BodyTooLargeException e) {
      discardRest(raw);
      tooLarge(ctx);
      return;
    } catch (ZipException e) {
      error(ctx, HttpStatus.BAD_REQUEST, "the body is not valid gzip: " + e.getMessage());
      return;
    } catch (IOException e) {
      error(ctx, HttpStatus.BAD_REQUEST, "the body could not be read: " + e.getMessage());
      return;
    }

    List<BodyItem> items;
    try {
      items = BodyReader.read(ctx.contentType(), body, settings.limits().maxEventsPerRequest());
    } catch (BodyReader.TooManyEvents e) {
      refuse(ctx, HttpStatus.CONTENT_TOO_LARGE, IngestMetrics.Refusal.EVENTS, 0, e.getMessage());
      return;
    }
    long wait = rates.tryTake(client(ctx), items.size());
    if (wait > 0) {
      refuse(
          ctx,
          HttpStatus.TOO_MANY_REQUESTS,
          IngestMetrics.Refusal.RATE,
          wait,
          "this client sends more than "
              + (long) settings.limits().eventsPerSecondPerClient()
              + " events a second; nothing of this request was stored, send it again in "
              + wait
              + " s");
      return;
    }
    Instant now = clock.instant();
    List<EventPublisher.RawEvent> accepted = new ArrayList<>();
    List<DeadLetter> rejected = new ArrayList<>();
    List<IngestResponse.LineError> errors = new ArrayList<>();
    List<Verdict.Valid> valid = new ArrayList<>();
    RejectedBeyondCap beyondCap = new RejectedBeyondCap();
    List<DeadLetterReason> rejectedReasons = new ArrayList<>();
    for (BodyItem item : items) {
      Verdict verdict = verdictOf(item, now);
      if (verdict instanceof Verdict.Valid v) {
        valid.add(v);
        accepted.add(new EventPublisher.RawEvent(v.key(), item.raw()));
      } else {
        Verdict.Invalid invalid = (Verdict.Invalid) verdict;
        rejectedReasons.add(invalid.reason());
        if (rejected.size() < settings.limits().maxDeadLettersPerRequest()) {
          rejected.add(
              DeadLetter.of(
                  invalid.reason(), invalid.detail(), item.raw(), SOURCE, now, item.line()));
        } else {
          beyondCap.add(invalid.reason(), item.line());
        }
        if (errors.size() < MAX_ERRORS_LISTED) {
          errors.add(
              new IngestResponse.LineError(item.line(), invalid.reason().code(), invalid.detail()));
        }
      }
    }
    rejected.addAll(beyondCap.summaries(SOURCE, now));
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
    rejectedReasons.forEach(metrics::rejected);
    int rejectedCount = rejectedReasons.size();
    ctx.status(HttpStatus.ACCEPTED)
        .json(
            new IngestResponse(
                accepted.size(),
                rejectedCount,
                errors,
                rejectedCount > errors.size() ? Boolean.TRUE : null));
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

  /** Who a request counts against: its bearer token (hashed), else its address. */
  private static String client(Context ctx) {
    String authorization = ctx.header("Authorization");
    return authorization != null
        ? "token:" + Integer.toHexString(authorization.hashCode())
        : "ip:" + ctx.ip();
  }

  private void refuse(
      Context ctx, HttpStatus status, IngestMetrics.Refusal cause, long retryAfter, String why) {
    metrics.refused(cause);
    if (retryAfter > 0) {
      ctx.header("Retry-After", String.valueOf(retryAfter));
    }
    error(ctx, status, why);
  }

  private void tooLarge(Context ctx) {
    error(
        ctx,
        HttpStatus.CONTENT_TOO_LARGE,
        "the request body exceeds "
            + settings.maxBodyBytes()
            + " bytes; split it into smaller requests");
  }

  /**
   * Reads and drops what a refused client is still sending, so that it reads the answer rather than
   * a reset connection (nginx's lingering close does the same); bounded in bytes and time.
   */
  private static void discardRest(InputStream in) {
    long deadline = System.nanoTime() + LINGER_TIME.toNanos();
    long left = LINGER_BYTES;
    byte[] sink = new byte[16 * 1024];
    try {
      int n;
      while (left > 0
          && System.nanoTime() < deadline
          && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the client has gone: there is no one left to answer
    }
  }

  private static void error(Context ctx, HttpStatus status, String message) {
    ctx.status(status).json(Map.of("error", message));
  }
}
