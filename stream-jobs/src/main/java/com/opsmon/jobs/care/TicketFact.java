package com.opsmon.jobs.care;

import com.opsmon.model.events.TicketEvent;

/**
 * What one ticket event means for the customer-service KPIs, now that the ticket's opening is
 * known: the series it counts in (the channel, kind and region the ticket was opened with), the
 * times it completes, and how it changes the number of open tickets.
 *
 * @param event the event; null for a ticket dropped after the abandon horizon, which only leaves
 *     the open tickets
 * @param responseSeconds opening to first response, or -1
 * @param resolutionSeconds (re)opening to resolution, or -1
 * @param openDelta +1 when the ticket (re)opens, -1 when it is resolved or dropped, else 0
 */
public record TicketFact(
    String series, TicketEvent event, long responseSeconds, long resolutionSeconds, int openDelta) {
  static final long NONE = -1;

  static TicketFact counted(String series, TicketEvent event) {
    return new TicketFact(series, event, NONE, NONE, 0);
  }

  static TicketFact opened(String series, TicketEvent event) {
    return new TicketFact(series, event, NONE, NONE, 1);
  }

  static TicketFact dropped(String series) {
    return new TicketFact(series, null, NONE, NONE, -1);
  }
}
