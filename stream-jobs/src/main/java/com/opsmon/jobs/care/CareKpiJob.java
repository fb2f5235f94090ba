package com.opsmon.jobs.care;

import com.opsmon.jobs.Outputs;
import com.opsmon.jobs.kpi.KpiStreams;
import com.opsmon.jobs.kpi.Minute;
import com.opsmon.jobs.kpi.TagCaps;
import com.opsmon.jobs.sinks.TooLate;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.TicketEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Customer-service KPIs per channel, kind and region, with totals over each: {@code
 * tickets_opened}, {@code first_response_time} and {@code resolution_time} (p50, p90), {@code
 * open_tickets} (at each minute's end), {@code csat}, {@code csat_low_share} and {@code
 * reopen_rate}; and {@code complaint_rate} per region and channel, from complaints and created
 * orders counted together.
 *
 * <p>Tickets go through {@link TrackTickets} (state per ticket: how and when it opened) into facts
 * counted per minute like any other KPI, and into {@link SampleOpenTickets} for the gauge. Facts up
 * to {@code allowedLateness} late correct their window; later ones become {@code too_late} dead
 * letters of their event, counted.
 */
public final class CareKpiJob {

  /** The ticket kind {@code complaint_rate} counts. */
  static final String COMPLAINT = "complaint";

  /** An open ticket untouched for this long is dropped from the open tickets. */
  public static final Duration ABANDON_AFTER = Duration.ofDays(30);

  /** A resolved ticket is remembered this long, so a reopening counts in its series. */
  public static final Duration REOPEN_WITHIN = Duration.ofDays(14);

  /** The processing-time TTL of every keyed state: a safety net beyond both horizons. */
  public static final Duration STATE_TTL = ABANDON_AFTER.plusDays(1);

  /** The KPIs counted per ticket fact. */
  static final List<KpiDefinition> TICKET_KPIS =
      List.of(
          KpiCatalog.TICKETS_OPENED,
          KpiCatalog.FIRST_RESPONSE_TIME,
          KpiCatalog.RESOLUTION_TIME,
          KpiCatalog.CSAT,
          KpiCatalog.CSAT_LOW_SHARE,
          KpiCatalog.REOPEN_RATE);

  /** The KPIs this job emits. */
  public static final List<KpiDefinition> KPIS =
      List.of(
          KpiCatalog.TICKETS_OPENED,
          KpiCatalog.COMPLAINT_RATE,
          KpiCatalog.FIRST_RESPONSE_TIME,
          KpiCatalog.RESOLUTION_TIME,
          KpiCatalog.OPEN_TICKETS,
          KpiCatalog.CSAT,
          KpiCatalog.CSAT_LOW_SHARE,
          KpiCatalog.REOPEN_RATE);

  private CareKpiJob() {}

  /**
   * Whether a ticket fact is the opening of a complaint ticket: {@code complaint_rate} counts each
   * complaint ticket once, as {@code tickets_opened} does, not each {@code ticket_opened} event (a
   * second opening of a known ticket, such as a producer's retry, makes no fact).
   */
  static boolean opensComplaint(TicketFact fact) {
    return fact.event() != null
        && fact.event().type() == EventType.TICKET_OPENED
        && COMPLAINT.equals(fact.event().kind());
  }

  /** Both streams must carry event-time timestamps and watermarks. */
  public static Outputs build(
      DataStream<TicketEvent> tickets,
      DataStream<OrderEvent> orders,
      Duration allowedLateness,
      TagCaps caps) {
    SingleOutputStreamOperator<TicketFact> facts =
        tickets
            .keyBy(TicketEvent::ticketId)
            .process(new TrackTickets(ABANDON_AFTER, REOPEN_WITHIN, STATE_TTL))
            .name("tickets' lives")
            .uid("tickets-tracked");

    TypeInformation<CareTotals> careType = TypeInformation.of(CareTotals.class);
    KpiStreams.Minutes<TicketFact, CareTotals> ticketMinutes =
        KpiStreams.minutes(
            facts
                .filter(fact -> fact.event() != null)
                .name("ticket facts of events")
                .uid("tickets-facts-of-events"),
            TicketFact::series,
            new CountTicketFacts(),
            careType,
            allowedLateness,
            caps,
            "tickets");
    SingleOutputStreamOperator<KpiPoint> ticketKpis =
        KpiStreams.views(
            ticketMinutes.minutes(),
            TICKET_KPIS,
            CareTotals::new,
            careType,
            allowedLateness,
            "tickets");

    TypeInformation<OpenTickets> openType = TypeInformation.of(OpenTickets.class);
    DataStream<Minute<OpenTickets>> openMinutes =
        KpiStreams.capBeforeKeying(
                facts,
                TicketFact::series,
                (fact, series) ->
                    new TicketFact(
                        series,
                        fact.event(),
                        fact.responseSeconds(),
                        fact.resolutionSeconds(),
                        fact.openDelta()),
                caps,
                "open-tickets")
            .keyBy(TicketFact::series)
            .process(new SampleOpenTickets(allowedLateness, STATE_TTL))
            .returns(KpiStreams.minuteType(openType))
            .name("open tickets per minute")
            .uid("open-tickets-minutes");
    DataStream<KpiPoint> openKpis =
        KpiStreams.views(
            KpiStreams.capped(openMinutes, openType, caps, "open-tickets"),
            List.of(KpiCatalog.OPEN_TICKETS),
            OpenTickets::new,
            openType,
            allowedLateness,
            "open-tickets");

    // from the tickets' lives, not the raw events: a ticket opened twice is one complaint
    DataStream<ComplaintOrOrder> complaints =
        facts
            .filter(CareKpiJob::opensComplaint)
            .name("complaints opened")
            .uid("complaints-opened")
            .map(fact -> ComplaintOrOrder.of(fact.event()))
            .returns(ComplaintOrOrder.class)
            .name("complaints, for complaint_rate")
            .uid("complaints");
    DataStream<ComplaintOrOrder> created =
        orders
            .filter(order -> order.type() == EventType.ORDER_CREATED)
            .name("orders created, for complaint_rate")
            .uid("complaints-orders-created")
            .map(ComplaintOrOrder::of)
            .returns(ComplaintOrOrder.class)
            .name("orders, for complaint_rate")
            .uid("complaints-orders");
    TypeInformation<ComplaintTotals> complaintType = TypeInformation.of(ComplaintTotals.class);
    KpiStreams.Minutes<ComplaintOrOrder, ComplaintTotals> complaintMinutes =
        KpiStreams.minutes(
            complaints.union(created),
            ComplaintOrOrder::series,
            new CountComplaints(),
            complaintType,
            allowedLateness,
            caps,
            "complaints");
    SingleOutputStreamOperator<KpiPoint> complaintKpis =
        KpiStreams.views(
            complaintMinutes.minutes(),
            List.of(KpiCatalog.COMPLAINT_RATE),
            ComplaintTotals::new,
            complaintType,
            allowedLateness,
            "complaints");

    DataStream<DeadLetter> tooLate =
        ticketMinutes
            .tooLate()
            .map(
                new TooLate<TicketFact>(
                    "customer-service", "ticketsTooLate", allowedLateness, TicketFact::event))
            .name("too-late tickets as dead letters")
            .uid("tickets-too-late")
            .union(
                complaintMinutes
                    .tooLate()
                    .map(
                        new TooLate<ComplaintOrOrder>(
                            "complaint_rate",
                            "complaintRateTooLate",
                            allowedLateness,
                            ComplaintOrOrder::event))
                    .name("too-late complaints and orders as dead letters")
                    .uid("complaints-too-late"));

    return new Outputs(List.of(ticketKpis, openKpis, complaintKpis), List.of(), List.of(tooLate))
        .withPartialsOf(ticketKpis, complaintKpis);
  }
}
