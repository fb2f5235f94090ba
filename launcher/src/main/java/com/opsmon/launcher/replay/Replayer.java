package com.opsmon.launcher.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.model.json.Json;
import com.opsmon.model.retry.Backoff;
import io.github.resilience4j.retry.Retry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Streams an NDJSON event file into a running monitor's {@code POST /api/v1/events}, in batches,
 * gzip-compressed, in file order, at the chosen speed. A batch the monitor could not store (503,
 * connection refused) is sent again with back-off: the monitor drops the copies by {@code eventId},
 * so a resend never counts twice.
 */
public final class Replayer {
  /** Told after every batch how far the replay has come. */
  public interface Progress {
    void update(long sent, long bytesRead, long totalBytes);
  }

  private static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

  /**
   * Capped at 5 s: whoever runs a replay waits on it, and a monitor back from a restart should get
   * the batch within seconds, not after the half minute a long doubling reaches.
   */
  private static final Backoff RESEND = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

  /** Refused, reset, timed out or answered 5xx/429: the batch may or may not be stored. */
  private static final class NotStored extends IOException {
    NotStored(String problem) {
      super(problem);
    }
  }

  private final URI endpoint;
  private final Optional<String> token;
  private final ReplaySpeed speed;
  private final int batchSize;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final Retry resend = RESEND.forever("replay", e -> e instanceof NotStored);

  private final ByteArrayOutputStream batch = new ByteArrayOutputStream();
  private int batchLines;
  private long sent;
  private long accepted;
  private long rejected;
  private final Map<String, Long> rejectedByReason = new HashMap<>();

  public Replayer(URI monitor, Optional<String> token, ReplaySpeed speed, int batchSize) {
    String base = monitor.toString().replaceAll("/+$", "");
    // keep any path prefix of the monitor's URL (a reverse proxy may mount it under one)
    this.endpoint = URI.create(base + "/api/v1/events");
    this.token = token;
    this.speed = speed;
    this.batchSize = batchSize;
    resend
        .getEventPublisher()
        .onRetry(
            e ->
                System.err.printf(
                    "%nreplay: the monitor did not store a batch (%s); sending it again in %.1f s%n",
                    e.getLastThrowable().getMessage(), e.getWaitInterval().toMillis() / 1e3));
  }

  public ReplaySummary replay(Path file, Progress progress)
      throws IOException, InterruptedException {
    long totalBytes = Files.size(file);
    long bytesRead = 0;
    long started = System.nanoTime();
    Instant firstEventTime = null;
    // lines are read as bytes: a line that is not UTF-8 is the monitor's to refuse, not the
    // replay's
    try (InputStream in = Files.newInputStream(file)) {
      LineReader lines = new LineReader(in);
      byte[] line;
      while ((line = lines.next()) != null) {
        bytesRead += line.length + 1;
        if (isBlank(line)) {
          continue;
        }
        if (speed.paced()) {
          Optional<Instant> at = occurredAt(line);
          if (at.isPresent()) {
            firstEventTime = firstEventTime == null ? at.get() : firstEventTime;
            long due = started + speed.dueAfter(firstEventTime, at.get()).toNanos();
            if (due > System.nanoTime()) {
              flush();
              progress.update(sent, bytesRead, totalBytes);
              // keeping the events' spacing is what a timed replay is for
              Thread.sleep(Duration.ofNanos(due - System.nanoTime()).toMillis());
            }
          }
        }
        batch.write(line);
        batch.write('\n');
        batchLines++;
        if (batchLines >= batchSize || batch.size() >= MAX_BATCH_BYTES) {
          flush();
          progress.update(sent, bytesRead, totalBytes);
        }
      }
    }
    flush();
    progress.update(sent, bytesRead, totalBytes);
    return new ReplaySummary(
        sent, accepted, rejected, rejectedByReason, Duration.ofNanos(System.nanoTime() - started));
  }

  private void flush() throws IOException, InterruptedException {
    if (batchLines == 0) {
      return;
    }
    JsonNode answer = send(gzip(batch.toByteArray()));
    sent += batchLines;
    accepted += answer.path("accepted").asLong();
    rejected += answer.path("rejected").asLong();
    answer
        .path("errors")
        .forEach(e -> rejectedByReason.merge(e.path("reason").asText("unknown"), 1L, Long::sum));
    batch.reset();
    batchLines = 0;
  }

  private JsonNode send(byte[] gzippedNdjson) throws IOException, InterruptedException {
    try {
      return resend.executeCheckedSupplier(() -> sendOnce(gzippedNdjson));
    } catch (IOException | InterruptedException | RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** One attempt; {@link NotStored} when sending it again is safe and may succeed. */
  private JsonNode sendOnce(byte[] gzippedNdjson) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-ndjson")
            .header("Content-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(gzippedNdjson));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      // refused, reset or timed out: the batch may or may not be stored, and resending is safe
      throw new NotStored(e.toString());
    }
    int status = response.statusCode();
    if (status == 202) {
      return Json.mapper().readTree(response.body());
    }
    if (status < 500 && status != 429) {
      throw new IllegalStateException(
          "the monitor refused a batch with HTTP " + status + ": " + response.body());
    }
    throw new NotStored("HTTP " + status);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  static Optional<Instant> occurredAt(String line) {
    return occurredAt(line.getBytes(StandardCharsets.UTF_8));
  }

  static Optional<Instant> occurredAt(byte[] line) {
    try {
      JsonNode at = Json.mapper().readTree(line).path("occurredAt");
      return at.isTextual()
          ? Optional.of(OffsetDateTime.parse(at.asText()).toInstant())
          : Optional.empty();
    } catch (IOException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
