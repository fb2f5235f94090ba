package com.opsmon.jobs.orders;

import com.opsmon.jobs.rules.OrdersStoppedDetector;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Order KPIs per region and event-time window — {@code orders} (created orders) and {@code revenue}
 * (their amounts, per currency) — and the {@code orders_stopped} rule on top of them. Events up to
 * {@code allowedLateness} late correct their window (its points are re-emitted); later ones become
 * {@code too_late} dead letters, counted, never silently dropped.
 */
public final class OrderKpiJob {
  static final OutputTag<OrderEvent> TOO_LATE = new OutputTag<>("orders-too-late") {};

  /** The job's three outputs. */
  public record Outputs(
      DataStream<KpiPoint> kpis,
      DataStream<AlertSignal> alerts,
      DataStream<DeadLetter> deadLetters) {}

  /** Window size and lateness of the order KPIs. */
  public record Settings(Duration window, Duration allowedLateness) {
    public static final Settings DEFAULTS =
        new Settings(Duration.ofMinutes(1), Duration.ofHours(1));
  }

  private OrderKpiJob() {}

  /** {@code orders} must carry event-time timestamps and watermarks. */
  public static Outputs build(DataStream<OrderEvent> orders, Settings settings) {
    SingleOutputStreamOperator<KpiPoint> kpis =
        orders
            .filter(o -> o.type() == EventType.ORDER_CREATED)
            .name("created orders")
            .uid("orders-created-filter")
            .keyBy(OrderEvent::region)
            .window(TumblingEventTimeWindows.of(settings.window()))
            .allowedLateness(settings.allowedLateness())
            .sideOutputLateData(TOO_LATE)
            .aggregate(new SumOrders(), new EmitOrderKpis())
            .name("orders and revenue per region and window")
            .uid("orders-window");

    DataStream<AlertSignal> alerts =
        kpis.keyBy(point -> point.tags().get("region"))
            .process(new OrdersStoppedDetector(settings.window()))
            .name("rule orders_stopped")
            .uid("rule-orders-stopped");

    DataStream<DeadLetter> tooLate =
        kpis.getSideOutput(TOO_LATE)
            .map(new TooLateDeadLetter(settings.allowedLateness()))
            .name("too-late orders as dead letters")
            .uid("orders-too-late");

    return new Outputs(kpis, alerts, tooLate);
  }

  /** Counts each event that missed its window's lateness and explains why it was not counted. */
  static final class TooLateDeadLetter extends RichMapFunction<OrderEvent, DeadLetter> {
    private final Duration allowedLateness;
    private transient Counter tooLate;

    TooLateDeadLetter(Duration allowedLateness) {
      this.allowedLateness = allowedLateness;
    }

    @Override
    public void open(OpenContext openContext) {
      tooLate = getRuntimeContext().getMetricGroup().counter("ordersTooLate");
    }

    @Override
    public DeadLetter map(OrderEvent order) {
      tooLate.inc();
      return DeadLetter.of(
          DeadLetterReason.TOO_LATE,
          "event time "
              + order.occurredAt()
              + " is more than "
              + allowedLateness
              + " behind the order KPIs' watermark; its window is closed",
          Json.writeBytes(order),
          "kpi-job",
          Instant.now(),
          null);
    }
  }
}
