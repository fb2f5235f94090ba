package com.opsmon.jobs.sinks;

import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.events.Event;
import com.opsmon.model.json.Json;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Counts each event that missed its window's lateness and explains why it was not counted. */
public final class TooLate<E extends Event> extends RichMapFunction<E, DeadLetter> {
  private final String kpis;
  private final String metric;
  private final Duration allowedLateness;
  private transient Counter tooLate;

  /**
   * @param kpis which KPIs missed the event, for the explanation
   * @param metric the Flink counter of such events
   */
  public TooLate(String kpis, String metric, Duration allowedLateness) {
    this.kpis = kpis;
    this.metric = metric;
    this.allowedLateness = allowedLateness;
  }

  @Override
  public void open(OpenContext openContext) {
    tooLate = getRuntimeContext().getMetricGroup().counter(metric);
  }

  @Override
  public DeadLetter map(E event) {
    tooLate.inc();
    return DeadLetter.of(
        DeadLetterReason.TOO_LATE,
        "event time "
            + event.occurredAt()
            + " is more than "
            + allowedLateness
            + " behind the "
            + kpis
            + " KPIs' watermark; its window is closed",
        Json.writeBytes(event),
        "kpi-job",
        Instant.now(),
        null);
  }
}
