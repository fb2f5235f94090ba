package com.opsmon.jobs;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.events.StorefrontEvent;
import com.opsmon.model.events.TicketEvent;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs {@link Pipelines} over a finite list of events, in the order given, on the Flink cluster of
 * the test (a MiniCluster), and collects everything it produced. Event time comes from each event
 * with bounded out-of-orderness, the watermark moving after every event (not every 200 ms of the
 * machine's time), so an event given after later ones is late exactly as the list says, and a run
 * gives the same result every time. At the end of the input event time jumps to the end of time, so
 * every window and timer fires.
 */
public final class PipelineRun {
  /** What the jobs produced. */
  public record Result(
      List<KpiPoint> kpis, List<AlertSignal> alerts, List<DeadLetter> deadLetters) {}

  private PipelineRun() {}

  public static Result run(
      List<? extends Event> events, Duration outOfOrderness, Pipelines.Settings settings)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    Inputs inputs =
        new Inputs(
            stream(env, events, OrderEvent.class, outOfOrderness, "orders"),
            stream(env, events, InventoryEvent.class, outOfOrderness, "inventory"),
            stream(env, events, ServiceCallEvent.class, outOfOrderness, "calls"),
            stream(env, events, TicketEvent.class, outOfOrderness, "tickets"),
            stream(env, events, StorefrontEvent.class, outOfOrderness, "storefront"));
    Outputs outputs = Pipelines.build(inputs, settings);
    CloseableIterator<KpiPoint> kpis = outputs.allKpis().collectAsync();
    CloseableIterator<AlertSignal> alerts =
        outputs.alerts().isEmpty() ? CloseableIterator.empty() : outputs.allAlerts().collectAsync();
    CloseableIterator<DeadLetter> dead =
        outputs.deadLetters().isEmpty()
            ? CloseableIterator.empty()
            : outputs.allDeadLetters().collectAsync();
    env.executeAsync("pipeline run");
    return new Result(drain(kpis), drain(alerts), drain(dead));
  }

  private static <T extends Event> DataStream<T> stream(
      StreamExecutionEnvironment env,
      List<? extends Event> events,
      Class<T> type,
      Duration outOfOrderness,
      String name) {
    List<T> ofType = new ArrayList<>();
    for (Event e : events) {
      if (type.isInstance(e)) {
        ofType.add(type.cast(e));
      }
    }
    DataStream<T> stream =
        ofType.isEmpty()
            // Flink has no empty finite source: one number, filtered away
            ? env.fromSequence(0, 0).filter(n -> false).map(n -> type.cast(null)).returns(type)
            : env.fromData(ofType);
    return stream
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<T>forGenerator(ctx -> new AfterEachEvent<>(outOfOrderness))
                .withTimestampAssigner((e, t) -> e.occurredAt().toEpochMilli()))
        .name(name);
  }

  /** Bounded out-of-orderness, the watermark emitted as each event moves it. */
  private static final class AfterEachEvent<T> implements WatermarkGenerator<T> {
    private final long outOfOrdernessMs;
    private long emitted = Long.MIN_VALUE;

    AfterEachEvent(Duration outOfOrderness) {
      this.outOfOrdernessMs = outOfOrderness.toMillis();
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
      long watermark = timestamp - outOfOrdernessMs - 1;
      if (watermark > emitted) {
        emitted = watermark;
        output.emitWatermark(new Watermark(watermark));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  private static <T> List<T> drain(CloseableIterator<T> iterator) throws Exception {
    List<T> all = new ArrayList<>();
    try (iterator) {
      iterator.forEachRemaining(all::add);
    }
    return all;
  }
}
