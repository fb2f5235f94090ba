package com.opsmon.model.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A step in a customer-service ticket's life; {@code satisfaction} (1–5) comes with resolution. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TicketEvent(
    EventType type,
    String eventId,
    String ticketId,
    Instant occurredAt,
    String kind,
    String channel,
    String region,
    String orderId,
    Integer satisfaction)
    implements Event {}
