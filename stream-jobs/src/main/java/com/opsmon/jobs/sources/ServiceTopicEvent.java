package com.opsmon.jobs.sources;

import com.opsmon.model.events.Event;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.events.TicketEvent;

/** An event of the service topic: a technical call (or sample), or a customer-service ticket. */
public record ServiceTopicEvent(ServiceCallEvent call, TicketEvent ticket) {
  /** The event as one of the service topic's, or null if it is neither kind. */
  public static ServiceTopicEvent of(Event event) {
    if (event instanceof ServiceCallEvent call) {
      return new ServiceTopicEvent(call, null);
    }
    if (event instanceof TicketEvent ticket) {
      return new ServiceTopicEvent(null, ticket);
    }
    return null;
  }

  public Event event() {
    return call != null ? call : ticket;
  }
}
