package com.opsmon.jobs.health;

import com.opsmon.jobs.Inputs;
import com.opsmon.jobs.Outputs;
import com.opsmon.jobs.kpi.KpiStreams;
import com.opsmon.jobs.kpi.Minute;
import com.opsmon.jobs.kpi.TagCaps;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.events.StorefrontEvent;
import com.opsmon.model.events.TicketEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Data-health KPIs, which tell "no orders" from "no data": per source (orders, inventory, service,
 * storefront) and region (the event's, {@code unknown} when it has none, as inventory events do),
 * totalled over region:
 *
 * <ul>
 *   <li>{@code events_in}: events per minute of their event time, windowed per source on that
 *       source's own event time and corrected by late ones like any KPI. Events later than the
 *       allowed lateness are not in it (the domain jobs dead-letter them); they are in {@code
 *       late_events}.
 *   <li>{@code late_events}: events that arrived after their minute had closed against their own
 *       source's event time ({@link MarkArrival}), counted in the minute they arrived in: corrected
 *       and too-late ones alike. No point for a minute without late events.
 *   <li>{@code watermark_lag}: per source, {@code region=all}, how far the source's event time
 *       trails the wall clock as each minute closes ({@link WatermarkLag}).
 * </ul>
 *
 * Tickets travel on the service topic, so they count as source {@code service}.
 */
public final class DataHealthJob {
  public static final String ORDERS = "orders";
  public static final String INVENTORY = "inventory";
  public static final String SERVICE = "service";
  public static final String STOREFRONT = "storefront";

  /** Late counts live a minute of event time; this TTL is only a safety net. */
  static final Duration STATE_TTL = Duration.ofDays(1);

  private DataHealthJob() {}

  /** With the system clock. */
  public static Outputs build(Inputs in, Duration allowedLateness) {
    return build(in, allowedLateness, TagCaps.DEFAULTS, System::currentTimeMillis);
  }

  /**
   * Every input must carry event-time timestamps and watermarks.
   *
   * @param wallClock epoch milliseconds, for {@code watermark_lag}
   */
  public static Outputs build(
      Inputs in, Duration allowedLateness, TagCaps caps, SerializableSupplier<Long> wallClock) {
    DataStream<Arrival> orders = arrivals(in.orders(), ORDERS, OrderEvent::region, "orders");
    DataStream<Arrival> inventory = arrivals(in.inventory(), INVENTORY, e -> null, "inventory");
    DataStream<Arrival> calls = arrivals(in.calls(), SERVICE, ServiceCallEvent::region, "calls");
    DataStream<Arrival> tickets = arrivals(in.tickets(), SERVICE, TicketEvent::region, "tickets");
    DataStream<Arrival> storefront =
        arrivals(in.storefront(), STOREFRONT, StorefrontEvent::region, "storefront");
    DataStream<Arrival> service = calls.union(tickets);
    DataStream<Arrival> all = orders.union(inventory, service, storefront);

    TypeInformation<EventsIn> eventsType = TypeInformation.of(EventsIn.class);
    DataStream<Minute<EventsIn>> eventMinutes =
        eventMinutes(orders, ORDERS, eventsType, allowedLateness, caps)
            .union(
                eventMinutes(inventory, INVENTORY, eventsType, allowedLateness, caps),
                eventMinutes(service, SERVICE, eventsType, allowedLateness, caps),
                eventMinutes(storefront, STOREFRONT, eventsType, allowedLateness, caps));
    SingleOutputStreamOperator<KpiPoint> eventsIn =
        KpiStreams.views(
            eventMinutes,
            List.of(KpiCatalog.EVENTS_IN),
            EventsIn::new,
            eventsType,
            allowedLateness,
            "events-in");

    TypeInformation<LateEvents> lateType = TypeInformation.of(LateEvents.class);
    DataStream<Minute<LateEvents>> lateMinutes =
        all.filter(Arrival::late)
            .name("late arrivals")
            .uid("late-arrivals")
            .keyBy(Arrival::series)
            .process(new CountLateArrivals(STATE_TTL))
            .returns(KpiStreams.minuteType(lateType))
            .name("late events per arrival minute")
            .uid("late-events-minutes");
    DataStream<KpiPoint> lateEvents =
        KpiStreams.views(
            KpiStreams.capped(lateMinutes, lateType, caps, "late-events"),
            List.of(KpiCatalog.LATE_EVENTS),
            LateEvents::new,
            lateType,
            allowedLateness,
            "late-events");

    DataStream<KpiPoint> lag =
        lag(orders, ORDERS, wallClock)
            .union(
                lag(inventory, INVENTORY, wallClock),
                lag(service, SERVICE, wallClock),
                lag(storefront, STOREFRONT, wallClock));

    return new Outputs(List.of(eventsIn, lateEvents, lag), List.of(), List.of())
        .withPartialsOf(eventsIn);
  }

  private static <E extends Event> DataStream<Arrival> arrivals(
      DataStream<E> events, String source, SerializableFunction<E, String> region, String name) {
    return events
        .process(new MarkArrival<E>(source, region))
        .returns(Arrival.class)
        .name(name + " arrivals")
        .uid("health-arrivals-" + name);
  }

  /**
   * Each source's events per minute, windowed on its own event time: an event is corrected or too
   * late for {@code events_in} exactly when it is for its domain's KPIs (the view stage after them
   * trails every source, so it never refuses a minute a source's window accepted).
   */
  private static DataStream<Minute<EventsIn>> eventMinutes(
      DataStream<Arrival> arrivals,
      String source,
      TypeInformation<EventsIn> type,
      Duration allowedLateness,
      TagCaps caps) {
    return KpiStreams.minutes(
            arrivals,
            Arrival::series,
            new CountArrivals(),
            type,
            allowedLateness,
            caps,
            "events-in-" + source)
        .minutes();
  }

  /** The source's own event time, not the union's: one operator per source. */
  private static DataStream<KpiPoint> lag(
      DataStream<Arrival> arrivals, String source, SerializableSupplier<Long> wallClock) {
    return arrivals
        .filter(new FirstArrival())
        .name(source + " first arrival")
        .uid("health-first-arrival-" + source)
        .keyBy(Arrival::source)
        .process(new WatermarkLag(wallClock))
        .name(source + " watermark lag")
        .uid("health-watermark-lag-" + source);
  }
}
