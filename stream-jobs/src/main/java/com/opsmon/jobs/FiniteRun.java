package com.opsmon.jobs;

import com.opsmon.jobs.sources.RulesSource;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.ServiceCallEvent;
import com.opsmon.model.events.StorefrontEvent;
import com.opsmon.model.events.TicketEvent;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.rules.PublishedRules;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs {@link Pipelines} over a finite list of events (or any {@link EventStreams}, such as a file
 * read as it goes), in the order given, with the given rules, on a local Flink (the tests'
 * MiniCluster, or one of its own), and collects everything it produced: what tests, {@code opsmon
 * evaluate} and the benchmark use. Event time comes from each event with bounded out-of-orderness;
 * at the end of the input event time jumps to the end of time, so every window and timer fires.
 */
public final class FiniteRun {
  /** How event time advances while the input is read. */
  public enum EventTime {
    /**
     * Flink's periodic watermarks: how far event time gets before the input ends depends on timing,
     * so only results that do not depend on when windows fire are exact.
     */
    PERIODIC,
    /**
     * A watermark after every event (the newest event time so far minus the out-of-orderness): each
     * stream's event time follows its input exactly, so which events arrive late is decided by the
     * order given. Operators reading several streams still see them interleaved by timing.
     */
    EVERY_EVENT
  }

  /** Which KPI points a run keeps, by KPI name. */
  public record KeptKpis(Set<String> names, boolean all) implements Serializable {
    public static final KeptKpis ALL = new KeptKpis(Set.of(), true);
    public static final KeptKpis NONE = new KeptKpis(Set.of(), false);

    public KeptKpis {
      names = Set.copyOf(names);
    }

    public static KeptKpis only(Collection<String> names) {
      return new KeptKpis(Set.copyOf(names), false);
    }

    public boolean keeps(KpiPoint point) {
      return all || names.contains(point.kpi());
    }
  }

  /** What the jobs produced. */
  public record Result(
      List<KpiPoint> kpis, List<AlertSignal> alerts, List<DeadLetter> deadLetters) {}

  private FiniteRun() {}

  /** With no rules: KPI points and dead letters only. */
  public static Result run(
      List<? extends Event> events, Duration outOfOrderness, Pipelines.Settings settings)
      throws Exception {
    return run(events, List.of(), outOfOrderness, settings);
  }

  /** With no rules, event time advancing as asked. */
  public static Result run(
      List<? extends Event> events,
      Duration outOfOrderness,
      Pipelines.Settings settings,
      EventTime eventTime)
      throws Exception {
    return run(events, List.of(), outOfOrderness, settings, true, eventTime);
  }

  public static Result run(
      List<? extends Event> events,
      List<PublishedRules> rules,
      Duration outOfOrderness,
      Pipelines.Settings settings)
      throws Exception {
    return run(events, rules, outOfOrderness, settings, true);
  }

  /**
   * @param keepKpis false to drop the KPI points (a long period's alerts need far less memory)
   */
  public static Result run(
      List<? extends Event> events,
      List<PublishedRules> rules,
      Duration outOfOrderness,
      Pipelines.Settings settings,
      boolean keepKpis)
      throws Exception {
    return run(events, rules, outOfOrderness, settings, keepKpis, EventTime.PERIODIC);
  }

  /** The rules, whether to keep the KPI points, how event time advances. */
  public static Result run(
      List<? extends Event> events,
      List<PublishedRules> rules,
      Duration outOfOrderness,
      Pipelines.Settings settings,
      boolean keepKpis,
      EventTime eventTime)
      throws Exception {
    return run(
        events,
        rules,
        outOfOrderness,
        settings,
        keepKpis ? KeptKpis.ALL : KeptKpis.NONE,
        eventTime);
  }

  /**
   * Everything said: the rules, which KPI points to keep (a day of every gauge of every SKU does
   * not fit in a test's heap; a test keeps what it reads), how event time advances.
   */
  public static Result run(
      List<? extends Event> events,
      List<PublishedRules> rules,
      Duration outOfOrderness,
      Pipelines.Settings settings,
      KeptKpis keptKpis,
      EventTime eventTime)
      throws Exception {
    return run(listed(events), rules, outOfOrderness, settings, keptKpis, eventTime);
  }

  /**
   * Where a run's events come from: for each event type, a bounded stream of its events in the
   * order given (a list in memory, or a file read as it goes).
   */
  public interface EventStreams {
    <T extends Event> DataStream<T> of(StreamExecutionEnvironment env, Class<T> type, String name);
  }

  /** The same, with the events from {@code streams}: a period too long to hold in memory. */
  public static Result run(
      EventStreams streams,
      List<PublishedRules> rules,
      Duration outOfOrderness,
      Pipelines.Settings settings,
      KeptKpis keptKpis,
      EventTime eventTime)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    Inputs inputs =
        new Inputs(
            stream(env, streams, OrderEvent.class, outOfOrderness, eventTime, "orders"),
            stream(env, streams, InventoryEvent.class, outOfOrderness, eventTime, "inventory"),
            stream(env, streams, ServiceCallEvent.class, outOfOrderness, eventTime, "calls"),
            stream(env, streams, TicketEvent.class, outOfOrderness, eventTime, "tickets"),
            stream(env, streams, StorefrontEvent.class, outOfOrderness, eventTime, "storefront"),
            rules(env, rules));
    Outputs outputs = Pipelines.build(inputs, settings);
    CloseableIterator<KpiPoint> kpis;
    if (keptKpis != KeptKpis.NONE) {
      kpis = outputs.allKpis().filter(keptKpis::keeps).name("KPIs kept").collectAsync();
    } else {
      outputs.allKpis().sinkTo(new DiscardingSink<>()).name("KPIs not kept");
      kpis = CloseableIterator.empty();
    }
    CloseableIterator<AlertSignal> alerts =
        outputs.alerts().isEmpty() ? CloseableIterator.empty() : outputs.allAlerts().collectAsync();
    CloseableIterator<DeadLetter> dead =
        outputs.deadLetters().isEmpty()
            ? CloseableIterator.empty()
            : outputs.allDeadLetters().collectAsync();
    env.executeAsync("pipeline run");
    return new Result(drain(kpis), drain(alerts), drain(dead));
  }

  /** The events of a list, each type's in the list's order. */
  private static EventStreams listed(List<? extends Event> events) {
    return new EventStreams() {
      @Override
      public <T extends Event> DataStream<T> of(
          StreamExecutionEnvironment env, Class<T> type, String name) {
        List<T> ofType = new ArrayList<>();
        for (Event e : events) {
          if (type.isInstance(e)) {
            ofType.add(type.cast(e));
          }
        }
        return ofType.isEmpty() ? empty(env, type) : env.fromData(ofType);
      }
    };
  }

  /** A finite stream of no events. */
  public static <T> DataStream<T> empty(StreamExecutionEnvironment env, Class<T> type) {
    // Flink has no empty finite source: one number, filtered away
    return env.fromSequence(0, 0).filter(n -> false).map(n -> type.cast(null)).returns(type);
  }

  private static <T extends Event> DataStream<T> stream(
      StreamExecutionEnvironment env,
      EventStreams streams,
      Class<T> type,
      Duration outOfOrderness,
      EventTime eventTime,
      String name) {
    DataStream<T> stream = streams.of(env, type, name + " events");
    WatermarkStrategy<T> watermarks =
        eventTime == EventTime.PERIODIC
            ? WatermarkStrategy.forBoundedOutOfOrderness(outOfOrderness)
            : WatermarkStrategy.forGenerator(ctx -> new EveryEvent<>(outOfOrderness));
    return stream
        .assignTimestampsAndWatermarks(
            watermarks.withTimestampAssigner((e, t) -> e.occurredAt().toEpochMilli()))
        .name(name);
  }

  /** Bounded out-of-orderness, the watermark emitted with each event. */
  private static final class EveryEvent<T> implements WatermarkGenerator<T> {
    private final long outOfOrdernessMs;
    private long newest = Long.MIN_VALUE;

    EveryEvent(Duration outOfOrderness) {
      this.outOfOrdernessMs = outOfOrderness.toMillis();
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
      if (timestamp > newest) {
        newest = timestamp;
        output.emitWatermark(new Watermark(newest - outOfOrdernessMs - 1));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  private static DataStream<PublishedRules> rules(
      StreamExecutionEnvironment env, List<PublishedRules> rules) {
    DataStream<PublishedRules> stream =
        rules.isEmpty()
            ? env.fromSequence(0, 0)
                .filter(n -> false)
                .map(n -> (PublishedRules) null)
                .returns(PublishedRules.class)
            : env.fromData(rules);
    return stream.assignTimestampsAndWatermarks(RulesSource.timeless()).name("rules");
  }

  private static <T> List<T> drain(CloseableIterator<T> iterator) throws Exception {
    List<T> all = new ArrayList<>();
    try (iterator) {
      iterator.forEachRemaining(all::add);
    }
    return all;
  }
}
