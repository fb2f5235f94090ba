package com.opsmon.ingest.http;

import com.opsmon.ingest.validation.ValidationRules;
import java.time.Duration;
import java.util.Optional;

/**
 * How the HTTP ingest endpoint behaves.
 *
 * @param maxBodyBytes the largest request body accepted, after decompression (413 beyond)
 * @param bearerToken when present, requests must carry {@code Authorization: Bearer <token>}
 * @param publishTimeout how long to wait for Kafka to acknowledge a request's events
 * @param limits how much work a request, a client and all clients may cause
 */
public record IngestSettings(
    ValidationRules rules,
    long maxBodyBytes,
    Optional<String> bearerToken,
    Duration publishTimeout,
    IngestLimits limits) {
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

  public static IngestSettings defaults() {
    return new IngestSettings(
        ValidationRules.DEFAULTS,
        DEFAULT_MAX_BODY_BYTES,
        Optional.empty(),
        Duration.ofSeconds(30),
        IngestLimits.DEFAULTS);
  }

  /** Safe to log: says whether a token is set, never which. */
  @Override
  public String toString() {
    return "IngestSettings[rules="
        + rules
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", bearerToken="
        + (bearerToken.isPresent() ? "(set)" : "(none)")
        + ", publishTimeout="
        + publishTimeout
        + ", limits="
        + limits
        + "]";
  }
}
