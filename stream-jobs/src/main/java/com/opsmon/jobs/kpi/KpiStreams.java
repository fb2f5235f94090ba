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
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * The two steps every windowed KPI takes: events into per-series minute accumulators (event-time
 * windows with allowed lateness), then minutes into every view (window sizes, totals over tags) and
 * their KPI points.
 */
public final class KpiStreams {
  public static final Duration MINUTE = Duration.ofMinutes(1);

  private KpiStreams() {}

  /**
   * Per-series minute accumulators. {@code facts} must carry event-time timestamps and watermarks;
   * those later than the allowed lateness go to {@code tooLate}.
   *
   * @param name names the operators and their uids: keep it stable across versions
   */
  public static <E, A extends KpiAccumulator<A>> SingleOutputStreamOperator<Minute<A>> minutes(
      DataStream<E> facts,
      KeySelector<E, String> series,
      AggregateFunction<E, A, A> add,
      TypeInformation<A> type,
      Duration allowedLateness,
      OutputTag<E> tooLate,
      String name) {
    return facts
        .keyBy(series)
        .window(TumblingEventTimeWindows.of(MINUTE))
        .allowedLateness(allowedLateness)
        .sideOutputLateData(tooLate)
        .aggregate(add, new ToMinute<A>(), type, type, minuteType(type))
        .name(name + " per minute")
        .uid(name + "-minutes");
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
    return minutes
        .flatMap(new RollUp<A>(List.copyOf(totalled), List.copyOf(windows)))
        .returns(routedType(type))
        .name(name + " into views")
        .uid(name + "-rollup")
        .keyBy(Routed::target)
        .process(new ViewFunction<>(empty, type, allowedLateness))
        .name(name + " views")
        .uid(name + "-views");
  }

  /** The type of {@code Minute}s of {@code type}, for functions that emit minutes themselves. */
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
