package com.opsmon.model.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A step in an order's life. {@code amount} is in the currency's major unit (12.34); it is set on
 * {@code order_created} and may be absent on later steps.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderEvent(
    EventType type,
    String eventId,
    String orderId,
    Instant occurredAt,
    String region,
    String channel,
    String warehouse,
    BigDecimal amount,
    String currency,
    List<LineItem> items)
    implements Event {}
