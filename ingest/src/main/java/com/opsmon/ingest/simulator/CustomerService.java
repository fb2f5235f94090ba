package com.opsmon.ingest.simulator;

import com.opsmon.model.events.EventType;

/**
 * The customer-service desk: a ticket is opened, gets a first response, is resolved with a
 * satisfaction score, and now and then is reopened and resolved again.
 */
final class CustomerService {
  static final String INQUIRY = "inquiry";
  static final String COMPLAINT = "complaint";
  static final String RETURN_REQUEST = "return_request";

  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;

  /** Satisfaction 1..5 weights: complaints end less happily than questions. */
  private static final double[] INQUIRY_SATISFACTION = Dice.cumulative(4, 6, 15, 40, 35);

  private static final double[] COMPLAINT_SATISFACTION = Dice.cumulative(20, 25, 25, 20, 10);
  private static final double[] RETURN_SATISFACTION = Dice.cumulative(5, 10, 25, 35, 25);

  private final SimContext ctx;

  CustomerService(SimContext ctx) {
    this.ctx = ctx;
  }

  /** Opens a ticket now; {@code orderId} may be null (a question before buying). */
  void open(String kind, World.Region region, World.Channel channel, String orderId) {
    Ticket ticket = new Ticket(ctx.ids().ticket(), kind, region, channel, orderId);
    ctx.events()
        .emit(
            EventType.TICKET_OPENED,
            ctx.now(),
            region,
            e -> {
              e.put("ticketId", ticket.id());
              e.put("kind", kind);
              e.put("channel", channel.code());
              e.put("region", region.code());
              if (orderId != null) {
                e.put("orderId", orderId);
              }
            });
    ctx.timeline()
        .after(ctx.dice().millis(50 * MINUTE, 0.9, MINUTE, 24 * HOUR), () -> respond(ticket));
  }

  private void respond(Ticket ticket) {
    emitStep(EventType.TICKET_FIRST_RESPONSE, ticket, 0);
    ctx.timeline()
        .after(
            ctx.dice().millis(5 * HOUR, 1.0, 5 * MINUTE, 7 * 24 * HOUR),
            () -> resolve(ticket, false));
  }

  private void resolve(Ticket ticket, boolean reopened) {
    double[] weights =
        switch (ticket.kind()) {
          case COMPLAINT -> COMPLAINT_SATISFACTION;
          case RETURN_REQUEST -> RETURN_SATISFACTION;
          default -> reopened ? COMPLAINT_SATISFACTION : INQUIRY_SATISFACTION;
        };
    emitStep(EventType.TICKET_RESOLVED, ticket, 1 + ctx.dice().pick(weights));
    if (!reopened && ctx.dice().chance(Behaviour.TICKET_REOPENED)) {
      ctx.timeline()
          .after(ctx.dice().millis(24 * HOUR, 0.7, HOUR, 14 * 24 * HOUR), () -> reopen(ticket));
    }
  }

  private void reopen(Ticket ticket) {
    emitStep(EventType.TICKET_REOPENED, ticket, 0);
    ctx.timeline()
        .after(
            ctx.dice().millis(4 * HOUR, 0.8, 10 * MINUTE, 7 * 24 * HOUR),
            () -> resolve(ticket, true));
  }

  private void emitStep(EventType type, Ticket ticket, int satisfaction) {
    ctx.events()
        .emit(
            type,
            ctx.now(),
            ticket.region(),
            e -> {
              e.put("ticketId", ticket.id());
              e.put("region", ticket.region().code());
              if (ticket.orderId() != null) {
                e.put("orderId", ticket.orderId());
              }
              if (satisfaction > 0) {
                e.put("satisfaction", satisfaction);
              }
            });
  }

  private record Ticket(
      String id, String kind, World.Region region, World.Channel channel, String orderId) {}
}
