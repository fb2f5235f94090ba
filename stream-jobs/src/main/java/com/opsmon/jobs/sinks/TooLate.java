package com.opsmon.jobs.sinks;

import com.opsmon.jobs.JobMetrics;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.events.Event;
import com.opsmon.model.json.Json;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Counts each event that missed its window's lateness and explains why it was not counted. The
 * elements are events, or records that carry the event they were made from (a fact derived from it,
 * one side of a union).
 */
public final class TooLate<T> extends RichMapFunction<T, DeadLetter> {
  private final String kpis;
  private final String metric;
  private final Duration allowedLateness;
  private final SerializableFunction<T, ? extends Event> event;
  private transient Counter tooLate;

  /**
   * For a stream of events.
   *
   * @param kpis which KPIs missed the event, for the explanation
   * @param metric the Flink counter of such events
   */
  public TooLate(String kpis, String metric, Duration allowedLateness) {
    this(kpis, metric, allowedLateness, TooLate::asEvent);
  }

  /**
   * For a stream of records that carry an event.
   *
   * @param event the event an element was made from
   */
  public TooLate(
      String kpis,
      String metric,
      Duration allowedLateness,
      SerializableFunction<T, ? extends Event> event) {
    this.kpis = kpis;
    this.metric = metric;
    this.allowedLateness = allowedLateness;
    this.event = event;
  }

  @Override
  public void open(OpenContext openContext) {
    tooLate = getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP).counter(metric);
  }

  @Override
  public DeadLetter map(T element) {
    tooLate.inc();
    Event late = event.apply(element);
    return DeadLetter.of(
        DeadLetterReason.TOO_LATE,
        "event time "
            + late.occurredAt()
            + " is more than "
            + allowedLateness
            + " behind the "
            + kpis
            + " KPIs' watermark; its window is closed",
        Json.writeBytes(late),
        "kpi-job",
        Instant.now(),
        null);
  }

  private static <T> Event asEvent(T element) {
    return (Event) element;
  }
}
