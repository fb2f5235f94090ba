package com.opsmon.model.events;

import java.time.Instant;

/**
 * Every event the monitor understands, as a typed record: parsed once at the edge of each job,
 * never passed around as a JSON tree. The service topic carries both technical calls and
 * customer-service tickets.
 */
public sealed interface Event
    permits OrderEvent, InventoryEvent, ServiceCallEvent, TicketEvent, StorefrontEvent {
  EventType type();

  String eventId();

  Instant occurredAt();
}
