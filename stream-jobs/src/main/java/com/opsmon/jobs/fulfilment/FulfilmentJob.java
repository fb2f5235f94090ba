package com.opsmon.jobs.fulfilment;

import com.opsmon.jobs.Outputs;
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
 * open_orders} backlog at the end of each minute; and rule {@code order_sla_breach}, one alert per
 * order whose shipping SLA expires unshipped. Order events up to {@code allowedLateness} late
 * correct their windows; later ones become {@code too_late} dead letters (they still move their
 * order on, see {@link TrackOrders}).
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

    TypeInformation<OpenOrders> open = TypeInformation.of(OpenOrders.class);
    DataStream<Minute<OpenOrders>> backlogMinutes =
        KpiStreams.capBeforeKeying(
                facts.getSideOutput(TrackOrders.BACKLOG),
                BacklogChange::series,
                (change, series) -> new BacklogChange(series, change.at(), change.delta()),
                caps,
                "open-orders")
            .keyBy(BacklogChange::series)
            .process(new TrackBacklog(allowedLateness, settings.orderRetention()))
            .returns(KpiStreams.minuteType(open))
            .name("open orders per minute")
            .uid("open-orders-minutes");
    DataStream<KpiPoint> backlog =
        KpiStreams.views(
            KpiStreams.capped(backlogMinutes, open, caps, "open-orders"),
            List.of(KpiCatalog.OPEN_ORDERS),
            OpenOrders::new,
            open,
            allowedLateness,
            "open-orders");

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

    return new Outputs(List.of(windowed, backlog), List.of(alerts), List.of(tooLate, factsTooLate))
        .withPartialsOf(windowed);
  }
}
