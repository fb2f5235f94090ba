package com.opsmon.jobs.fulfilment;

import com.opsmon.jobs.Outputs;
import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiStreams;
import com.opsmon.jobs.kpi.Minute;
import com.opsmon.jobs.kpi.TagCaps;
import com.opsmon.jobs.sinks.TooLate;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Fulfilment KPIs per warehouse and region, with totals over each: {@code order_cycle_time} to
 * shipment and to delivery (p50, p90, p99), {@code shipments}, {@code sla_breaches}, and the {@code
 * open_orders} backlog and the {@code awaiting_shipment} queue at the end of each minute; and rule
 * {@code order_sla_breach}, one alert per order whose shipping SLA expires unshipped. Order events
 * up to {@code allowedLateness} late correct their windows; later ones become {@code too_late} dead
 * letters (they still move their order on, see {@link TrackOrders}).
 */
public final class FulfilmentJob {
  /** The KPIs of the fulfilment windows. */
  public static final List<KpiDefinition> WINDOWED =
      List.of(KpiCatalog.ORDER_CYCLE_TIME, KpiCatalog.SHIPMENTS, KpiCatalog.SLA_BREACHES);

  /** The KPIs this job emits. */
  public static final List<KpiDefinition> KPIS =
      List.of(
          KpiCatalog.ORDER_CYCLE_TIME,
          KpiCatalog.SHIPMENTS,
          KpiCatalog.OPEN_ORDERS,
          KpiCatalog.AWAITING_SHIPMENT,
          KpiCatalog.SLA_BREACHES);

  private FulfilmentJob() {}

  /** {@code orders} must carry event-time timestamps and watermarks. */
  public static Outputs build(
      DataStream<OrderEvent> orders,
      Duration allowedLateness,
      TagCaps caps,
      FulfilmentSettings settings) {
    SingleOutputStreamOperator<FulfilmentFact> facts =
        orders
            .keyBy(OrderEvent::orderId)
            .process(new TrackOrders(settings, allowedLateness))
            .returns(FulfilmentFact.class)
            .name("fulfilment: follow each order")
            .uid("fulfilment-orders");

    TypeInformation<FulfilmentTotals> totals = TypeInformation.of(FulfilmentTotals.class);
    KpiStreams.Minutes<FulfilmentFact, FulfilmentTotals> minutes =
        KpiStreams.minutes(
            facts,
            FulfilmentFact::series,
            new CountFulfilment(),
            totals,
            allowedLateness,
            caps,
            "fulfilment");
    SingleOutputStreamOperator<KpiPoint> windowed =
        KpiStreams.views(
            minutes.minutes(),
            WINDOWED,
            FulfilmentTotals::new,
            totals,
            allowedLateness,
            "fulfilment");

    DataStream<KpiPoint> backlog =
        queue(
            facts.getSideOutput(TrackOrders.BACKLOG),
            KpiCatalog.OPEN_ORDERS,
            OpenOrders::new,
            OpenOrders.class,
            "open-orders",
            allowedLateness,
            caps,
            settings);
    DataStream<KpiPoint> awaitingShipment =
        queue(
            facts.getSideOutput(TrackOrders.AWAITING_SHIPMENT),
            KpiCatalog.AWAITING_SHIPMENT,
            AwaitingShipment::new,
            AwaitingShipment.class,
            "awaiting-shipment",
            allowedLateness,
            caps,
            settings);

    DataStream<AlertSignal> alerts = facts.getSideOutput(TrackOrders.ALERTS);

    DataStream<DeadLetter> tooLate =
        facts
            .getSideOutput(TrackOrders.TOO_LATE)
            .map(new TooLate<OrderEvent>("fulfilment", "fulfilmentTooLate", allowedLateness))
            .name("too-late order events as dead letters (fulfilment)")
            .uid("fulfilment-too-late");
    DataStream<DeadLetter> factsTooLate =
        minutes
            .tooLate()
            .map(new FactTooLate(allowedLateness))
            .name("fulfilment facts that missed their window")
            .uid("fulfilment-facts-too-late");

    return new Outputs(
            List.of(windowed, backlog, awaitingShipment),
            List.of(alerts),
            List.of(tooLate, factsTooLate))
        .withPartialsOf(windowed);
  }

  /** A queue's changes as its gauge, read at the end of every minute, with totals. */
  private static <A extends KpiAccumulator<A>> DataStream<KpiPoint> queue(
      DataStream<BacklogChange> changes,
      KpiDefinition kpi,
      TrackBacklog.Gauge<A> gauge,
      Class<A> type,
      String name,
      Duration allowedLateness,
      TagCaps caps,
      FulfilmentSettings settings) {
    TypeInformation<A> info = TypeInformation.of(type);
    DataStream<Minute<A>> minutes =
        KpiStreams.capBeforeKeying(
                changes,
                BacklogChange::series,
                (change, series) -> new BacklogChange(series, change.at(), change.delta()),
                caps,
                name)
            .keyBy(BacklogChange::series)
            .process(new TrackBacklog<>(gauge, allowedLateness, settings.orderRetention()))
            .returns(KpiStreams.minuteType(info))
            .name(kpi.name() + " per minute")
            .uid(name + "-minutes");
    return KpiStreams.views(
        KpiStreams.capped(minutes, info, caps, name),
        List.of(kpi),
        () -> gauge.of(0),
        info,
        allowedLateness,
        name);
  }
}
