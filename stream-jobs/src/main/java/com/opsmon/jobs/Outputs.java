package com.opsmon.jobs;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.kpi.KpiPoint;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/** What a job produces: KPI points, alert signals, and dead letters for what it could not use. */
public record Outputs(
    List<DataStream<KpiPoint>> kpis,
    List<DataStream<AlertSignal>> alerts,
    List<DataStream<DeadLetter>> deadLetters) {

  public Outputs {
    kpis = List.copyOf(kpis);
    alerts = List.copyOf(alerts);
    deadLetters = List.copyOf(deadLetters);
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
        concat(deadLetters, other.deadLetters));
  }

  /** The same outputs with these alert signals instead of the jobs' own. */
  public Outputs withAlerts(DataStream<AlertSignal> alerts) {
    return new Outputs(kpis, List.of(alerts), deadLetters);
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
