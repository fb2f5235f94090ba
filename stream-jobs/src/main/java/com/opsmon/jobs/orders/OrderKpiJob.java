package com.opsmon.jobs.orders;

import com.opsmon.jobs.Outputs;
import com.opsmon.jobs.kpi.KpiStreams;
import com.opsmon.jobs.kpi.TagCaps;
import com.opsmon.jobs.sinks.TooLate;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Order KPIs per region and channel, with totals over each: {@code orders}, {@code revenue} and
 * {@code avg_order_value} per currency, {@code payment_failure_rate}, {@code cancellation_rate},
 * {@code return_rate}. Events up to {@code allowedLateness} late correct their window (its points
 * are re-emitted); later ones become {@code too_late} dead letters, counted, never silently
 * dropped.
 */
public final class OrderKpiJob {
  /** The KPIs this job emits. */
  public static final List<com.opsmon.model.kpi.KpiDefinition> KPIS =
      List.of(
          KpiCatalog.ORDERS,
          KpiCatalog.REVENUE,
          KpiCatalog.AVG_ORDER_VALUE,
          KpiCatalog.PAYMENT_FAILURE_RATE,
          KpiCatalog.CANCELLATION_RATE,
          KpiCatalog.RETURN_RATE);

  private OrderKpiJob() {}

  /** The series an order event counts in. */
  static String series(OrderEvent event) {
    return SeriesKey.of(KpiCatalog.REGION, event.region(), KpiCatalog.CHANNEL, event.channel());
  }

  /** {@code orders} must carry event-time timestamps and watermarks. */
  public static Outputs build(
      DataStream<OrderEvent> orders, Duration allowedLateness, TagCaps caps) {
    TypeInformation<OrderTotals> type = TypeInformation.of(OrderTotals.class);
    KpiStreams.Minutes<OrderEvent, OrderTotals> minutes =
        KpiStreams.minutes(
            orders, OrderKpiJob::series, new CountOrders(), type, allowedLateness, caps, "orders");
    SingleOutputStreamOperator<KpiPoint> kpis =
        KpiStreams.views(
            minutes.minutes(), KPIS, OrderTotals::new, type, allowedLateness, "orders");

    DataStream<DeadLetter> tooLate =
        minutes
            .tooLate()
            .map(new TooLate<OrderEvent>("orders", "ordersTooLate", allowedLateness))
            .name("too-late orders as dead letters")
            .uid("orders-too-late");

    return Outputs.kpisOnly(kpis, tooLate).withPartialsOf(kpis);
  }
}
