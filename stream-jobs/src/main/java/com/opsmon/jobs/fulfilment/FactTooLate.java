package com.opsmon.jobs.fulfilment;

import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.json.Json;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Counts and explains a fulfilment fact that missed its window. Rare by construction: {@link
 * TrackOrders} reports no window fact for an event too late for its windows (the event itself is
 * dead-lettered), and every other fact is reported at or after the time of the event behind it,
 * before the watermark passes that window's lateness. What can land here is the withdrawal of an
 * SLA breach by a shipment that was itself too late, when the breach's window has closed too.
 */
final class FactTooLate extends RichMapFunction<FulfilmentFact, DeadLetter> {
  private final Duration allowedLateness;
  private transient Counter tooLate;

  FactTooLate(Duration allowedLateness) {
    this.allowedLateness = allowedLateness;
  }

  @Override
  public void open(OpenContext openContext) {
    tooLate = getRuntimeContext().getMetricGroup().counter("fulfilmentFactsTooLate");
  }

  @Override
  public DeadLetter map(FulfilmentFact fact) {
    tooLate.inc();
    return DeadLetter.of(
        DeadLetterReason.TOO_LATE,
        "a fulfilment fact ("
            + fact.kind()
            + " for "
            + fact.series()
            + ") fell in a window closed more than "
            + allowedLateness
            + " ago; it is not counted",
        Json.writeBytes(fact),
        "kpi-job",
        Instant.now(),
        null);
  }
}
