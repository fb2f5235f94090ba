package com.opsmon.jobs;

import com.opsmon.model.events.EventType;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.events.StorefrontEvent;
import com.opsmon.model.events.TicketEvent;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Service, ticket and storefront events for tests, with fresh event ids. */
public final class TestEvents {
  private static final AtomicLong IDS = new AtomicLong();

  private TestEvents() {}

  private static String id() {
    return "t-" + IDS.incrementAndGet();
  }

  public static ServiceCallEvent call(
      Instant at, String service, String region, int status, double latencyMs) {
    return new ServiceCallEvent(
        EventType.SERVICE_CALL,
        id(),
        at,
        service,
        "/" + service,
        region,
        status,
        latencyMs,
        null,
        null,
        null,
        null);
  }

  public static ServiceCallEvent sample(
      Instant at, String service, String region, long count, long errors, Double p50, Double p99) {
    return new ServiceCallEvent(
        EventType.SERVICE_SAMPLE,
        id(),
        at,
        service,
        "/" + service,
        region,
        null,
        null,
        count,
        errors,
        p50,
        p99);
  }

  public static TicketEvent opened(
      Instant at, String ticket, String kind, String channel, String region) {
    return new TicketEvent(
        EventType.TICKET_OPENED, id(), ticket, at, kind, channel, region, null, null);
  }

  /** A later step of a ticket: like the simulator's, it names the ticket and region only. */
  public static TicketEvent step(EventType type, Instant at, String ticket, String region) {
    return new TicketEvent(type, id(), ticket, at, null, null, region, null, null);
  }

  public static TicketEvent resolved(Instant at, String ticket, String region, Integer score) {
    return new TicketEvent(
        EventType.TICKET_RESOLVED, id(), ticket, at, null, null, region, null, score);
  }

  public static StorefrontEvent session(Instant at, String region, String channel) {
    return new StorefrontEvent(EventType.SESSION_STARTED, id(), id(), at, region, channel);
  }

  public static StorefrontEvent checkout(Instant at, String region, String channel) {
    return new StorefrontEvent(EventType.CHECKOUT_STARTED, id(), id(), at, region, channel);
  }
}
