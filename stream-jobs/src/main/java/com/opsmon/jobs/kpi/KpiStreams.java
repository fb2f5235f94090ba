package com.opsmon.jobs.kpi;

import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.TypeVariable;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * The two steps every windowed KPI takes: events into per-series minute accumulators (added up
 * before keying, then event-time windows with allowed lateness), then minutes into every view
 * (window sizes, totals over tags) and their KPI points.
 */
public final class KpiStreams {
  public static final Duration MINUTE = Duration.ofMinutes(1);

  private KpiStreams() {}

  /** A domain's minute accumulators, and its facts that came too late to count. */
  public record Minutes<E, A>(DataStream<Minute<A>> minutes, DataStream<E> tooLate) {}

  /**
   * Per-series minute accumulators. {@code facts} must carry event-time timestamps and watermarks;
   * a tag's values beyond its cap fold into {@code other}; facts later than the allowed lateness
   * come out as {@link Minutes#tooLate()}.
   *
   * @param name names the operators and their uids: keep it stable across versions
   */
  public static <E, A extends KpiAccumulator<A>> Minutes<E, A> minutes(
      DataStream<E> facts,
      KeySelector<E, String> series,
      AggregateFunction<E, A, A> add,
      TypeInformation<A> type,
      Duration allowedLateness,
      TagCaps caps,
      String name) {
    TypeInformation<E> factType = facts.getType();
    TypeInformation<Tuple2<String, E>> pairType = Types.TUPLE(Types.STRING, factType);
    OutputTag<Tuple2<String, E>> late = new OutputTag<>(name + "-too-late", pairType);
    SingleOutputStreamOperator<Tuple2<String, A>> added =
        facts
            .process(new CapSeries<>(series, caps, name))
            .returns(pairType)
            .name(name + " series")
            .uid(name + "-series")
            .transform(
                name + " added up before keying",
                Types.TUPLE(Types.STRING, type),
                new PreAggregate<>(add, allowedLateness, late))
            .uid(name + "-pre-aggregated");
    SingleOutputStreamOperator<Minute<A>> minutes =
        added
            .keyBy(pair -> pair.f0, Types.STRING)
            .window(TumblingEventTimeWindows.of(MINUTE))
            .trigger(new EarlyFirings())
            .allowedLateness(allowedLateness)
            .aggregate(new MergeTotals<>(add), new ToMinute<A>(), type, type, minuteType(type))
            .name(name + " per minute")
            .uid(name + "-minutes");
    DataStream<E> tooLate =
        added
            .getSideOutput(late)
            .map(pair -> pair.f1)
            .returns(factType)
            .name(name + " too late")
            .uid(name + "-too-late-events");
    return new Minutes<>(minutes, tooLate);
  }

  /**
   * {@code events} with each tag's values beyond its cap folded into {@code other} ({@link
   * CapBeforeKeying}), for a gauge to key its state by: a flood of new values then adds one keyed
   * series, not one per value.
   *
   * @param name names the operator and its uid: keep it stable across versions
   */
  public static <E> DataStream<E> capBeforeKeying(
      DataStream<E> events,
      KeySelector<E, String> series,
      CapBeforeKeying.Fold<E> fold,
      TagCaps caps,
      String name) {
    return events
        .keyBy(series, Types.STRING)
        .process(new CapBeforeKeying<>(series, fold, caps, name))
        .returns(events.getType())
        .name(name + " series capped before keying")
        .uid(name + "-series-capped");
  }

  /**
   * A gauge's minutes with each tag's values beyond its cap folded into {@code other}, as {@link
   * #minutes} does for counted facts. Gauges are capped before they key their state ({@link
   * #capBeforeKeying}); this folds what a cap per instance still lets through, and the folded
   * minutes keep their origin and add up in the views.
   */
  public static <A> DataStream<Minute<A>> capped(
      DataStream<Minute<A>> minutes, TypeInformation<A> type, TagCaps caps, String name) {
    TypeInformation<Minute<A>> minuteType = minuteType(type);
    return minutes
        .process(new CapSeries<Minute<A>>(Minute::series, caps, name))
        .returns(Types.TUPLE(Types.STRING, minuteType))
        .name(name + " series")
        .uid(name + "-series")
        .map(pair -> pair.f1.foldedInto(pair.f0))
        .returns(minuteType)
        .name(name + " series folded")
        .uid(name + "-series-folded");
  }

  /** Every view of the minutes, as KPI points. */
  public static <A extends KpiAccumulator<A>> SingleOutputStreamOperator<KpiPoint> views(
      DataStream<Minute<A>> minutes,
      Collection<KpiDefinition> kpis,
      SerializableSupplier<A> empty,
      TypeInformation<A> type,
      Duration allowedLateness,
      String name) {
    Set<String> totalled = new LinkedHashSet<>();
    Set<Duration> windows = new LinkedHashSet<>();
    kpis.forEach(
        k -> {
          totalled.addAll(k.totalled());
          windows.addAll(k.windows());
        });
    PartialScope partialScope = PartialScope.primaryWindowsOf(kpis);
    return minutes
        .flatMap(new RollUp<A>(List.copyOf(totalled), List.copyOf(windows), partialScope))
        .returns(routedType(type))
        .name(name + " into views")
        .uid(name + "-rollup")
        .keyBy(Routed::target)
        .process(
            new ViewFunction<>(empty, type, allowedLateness, PartialScope.primaryWindowsOf(kpis)))
        .name(name + " views")
        .uid(name + "-views");
  }

  /**
   * The type of minutes of {@code type}: for a gauge that emits its own minutes from a keyed
   * process function before {@link #views}.
   */
  public static <A> TypeInformation<Minute<A>> minuteType(TypeInformation<A> type) {
    return recordType(Minute.class, type);
  }

  static <A> TypeInformation<Routed<A>> routedType(TypeInformation<A> type) {
    return recordType(Routed.class, type);
  }

  /** A generic record's type, its type variable bound to {@code type}: no Kryo fallback. */
  @SuppressWarnings("unchecked")
  private static <R> TypeInformation<R> recordType(Class<?> record, TypeInformation<?> type) {
    Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
    for (RecordComponent c : record.getRecordComponents()) {
      fields.put(
          c.getName(),
          c.getGenericType() instanceof TypeVariable<?>
              ? type
              : TypeExtractor.createTypeInfo(c.getType()));
    }
    return (TypeInformation<R>) Types.POJO(record, fields);
  }
}
