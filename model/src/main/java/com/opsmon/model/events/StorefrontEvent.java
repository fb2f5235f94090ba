package com.opsmon.model.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Storefront traffic: the denominator of conversion. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorefrontEvent(
    EventType type,
    String eventId,
    String sessionId,
    Instant occurredAt,
    String region,
    String channel)
    implements Event {}
