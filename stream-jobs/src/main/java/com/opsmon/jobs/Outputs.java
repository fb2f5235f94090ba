package com.opsmon.jobs;

import com.opsmon.jobs.kpi.ViewFunction;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.kpi.KpiPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * What a job produces: KPI points, alert signals, dead letters for what it could not use, and the
 * partial points of windows still open (for live screens only: never stored or judged).
 */
public record Outputs(
    List<DataStream<KpiPoint>> kpis,
    List<DataStream<AlertSignal>> alerts,
    List<DataStream<DeadLetter>> deadLetters,
    List<DataStream<KpiPoint>> partialKpis) {

  public Outputs {
    kpis = List.copyOf(kpis);
    alerts = List.copyOf(alerts);
    deadLetters = List.copyOf(deadLetters);
    partialKpis = List.copyOf(partialKpis);
  }

  public Outputs(
      List<DataStream<KpiPoint>> kpis,
      List<DataStream<AlertSignal>> alerts,
      List<DataStream<DeadLetter>> deadLetters) {
    this(kpis, alerts, deadLetters, List.of());
  }

  public static Outputs of(
      DataStream<KpiPoint> kpis, DataStream<AlertSignal> alerts, DataStream<DeadLetter> dead) {
    return new Outputs(List.of(kpis), List.of(alerts), List.of(dead));
  }

  public static Outputs kpisOnly(DataStream<KpiPoint> kpis, DataStream<DeadLetter> dead) {
    return new Outputs(List.of(kpis), List.of(), List.of(dead));
  }

  /** Both jobs' outputs together. */
  public Outputs and(Outputs other) {
    return new Outputs(
        concat(kpis, other.kpis),
        concat(alerts, other.alerts),
        concat(deadLetters, other.deadLetters),
        concat(partialKpis, other.partialKpis));
  }

  /** The same outputs with these alert signals instead of the jobs' own. */
  public Outputs withAlerts(DataStream<AlertSignal> alerts) {
    return new Outputs(kpis, List.of(alerts), deadLetters, partialKpis);
  }

  /** The same outputs with the partial points of these views ({@link KpiStreams#views}). */
  @SafeVarargs
  public final Outputs withPartialsOf(SingleOutputStreamOperator<KpiPoint>... views) {
    List<DataStream<KpiPoint>> partials = new ArrayList<>(partialKpis);
    for (SingleOutputStreamOperator<KpiPoint> v : views) {
      partials.add(v.getSideOutput(ViewFunction.PARTIAL));
    }
    return new Outputs(kpis, alerts, deadLetters, partials);
  }

  /** All partial points in one stream; empty when no job has any. */
  public Optional<DataStream<KpiPoint>> allPartialKpis() {
    return partialKpis.isEmpty() ? Optional.empty() : Optional.of(union(partialKpis));
  }

  /** All KPI points in one stream. */
  public DataStream<KpiPoint> allKpis() {
    return union(kpis);
  }

  public DataStream<AlertSignal> allAlerts() {
    return union(alerts);
  }

  public DataStream<DeadLetter> allDeadLetters() {
    return union(deadLetters);
  }

  @SafeVarargs
  private static <T> DataStream<T> union(List<DataStream<T>> streams, DataStream<T>... none) {
    DataStream<T> first = streams.get(0);
    return streams.size() == 1
        ? first
        : first.union(streams.subList(1, streams.size()).toArray(none));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
