package com.opsmon.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to {@code POST /api/v1/events}: how many events are now durable in Kafka, how many
 * were refused, and why each refused line was refused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestResponse(
    int accepted, int rejected, List<LineError> errors, Boolean errorsTruncated) {

  /** One refused line (NDJSON) or array element, 1-based. */
  public record LineError(int line, String reason, String detail) {}
}
