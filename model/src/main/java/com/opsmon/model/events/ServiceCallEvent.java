package com.opsmon.model.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Requests to a technical service: one request ({@code service_call}: statusCode, latencyMs) or a
 * pre-aggregated sample ({@code service_sample}: count, errors, latency percentiles).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceCallEvent(
    EventType type,
    String eventId,
    Instant occurredAt,
    String service,
    String endpoint,
    String region,
    Integer statusCode,
    Double latencyMs,
    Long count,
    Long errors,
    Double latencyP50Ms,
    Double latencyP99Ms)
    implements Event {}
