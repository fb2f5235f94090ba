package com.opsmon.jobs.sources;

import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.events.TicketEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Technical calls on the main output, customer-service tickets on a side output. */
final class SplitServiceEvents extends ProcessFunction<ServiceTopicEvent, ServiceCallEvent> {
  private final OutputTag<TicketEvent> tickets;

  SplitServiceEvents(OutputTag<TicketEvent> tickets) {
    this.tickets = tickets;
  }

  @Override
  public void processElement(
      ServiceTopicEvent event, Context ctx, Collector<ServiceCallEvent> out) {
    if (event.call() != null) {
      out.collect(event.call());
    } else {
      ctx.output(tickets, event.ticket());
    }
  }
}
