package com.opsmon.model.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A change to, or a snapshot of, the stock of one SKU in one warehouse: {@code quantityDelta} for
 * received/sold/adjusted, {@code onHand} for snapshots.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InventoryEvent(
    EventType type,
    String eventId,
    Instant occurredAt,
    String sku,
    String warehouse,
    Long quantityDelta,
    Long onHand,
    Long reorderPoint)
    implements Event {}
