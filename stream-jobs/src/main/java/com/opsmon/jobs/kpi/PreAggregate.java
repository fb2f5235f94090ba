package com.opsmon.jobs.kpi;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Adds up each series' facts of a minute before they are keyed, so the minute window updates its
 * state (which the changelog then logs) once per series and flush instead of once per fact.
 *
 * <p>What it holds goes on before any watermark passes it, before each checkpoint barrier, at the
 * end of input, and at the latest {@link #FLUSH_EVERY} of processing time after it arrived. So the
 * window sees the same facts at the same event time, only added up; nothing is held in a
 * checkpoint; and an open minute's partial value waits at most that much longer.
 *
 * <p>A fact whose minute is beyond the allowed lateness at the watermark this operator has passed
 * goes to {@link #tooLate} as it came. Every fact it adds up is then on time at the window too,
 * whose watermark is never ahead of this operator's.
 */
final class PreAggregate<E, A> extends AbstractStreamOperator<Tuple2<String, A>>
    implements OneInputStreamOperator<Tuple2<String, E>, Tuple2<String, A>>,
        BoundedOneInput,
        ProcessingTimeCallback {
  /**
   * A tenth of a second: well under {@link EarlyFirings#EVERY}, so an open minute's partial value
   * is late by at most that, while a busy backfill still adds up hundreds of facts per series.
   */
  static final Duration FLUSH_EVERY = Duration.ofMillis(100);

  /** Bounds what is held between flushes, whatever the number of series. */
  static final int MAX_HELD = 10_000;

  private static final long MINUTE_MS = KpiStreams.MINUTE.toMillis();

  private final AggregateFunction<E, A, A> add;
  private final long allowedLatenessMs;
  private final OutputTag<Tuple2<String, E>> tooLate;

  private transient Map<SeriesMinute, Held<A>> held;
  private transient long watermark;
  private transient boolean flushScheduled;

  PreAggregate(
      AggregateFunction<E, A, A> add,
      Duration allowedLateness,
      OutputTag<Tuple2<String, E>> tooLate) {
    this.add = add;
    this.allowedLatenessMs = allowedLateness.toMillis();
    this.tooLate = tooLate;
  }

  @Override
  public void open() throws Exception {
    super.open();
    held = new LinkedHashMap<>();
    watermark = Long.MIN_VALUE;
  }

  @Override
  public void processElement(StreamRecord<Tuple2<String, E>> element) throws Exception {
    long timestamp = element.getTimestamp();
    long minute = TimeWindow.getWindowStartWithOffset(timestamp, 0, MINUTE_MS);
    // the window's own test: its last instant plus the allowed lateness reached by the watermark
    if (minute + MINUTE_MS - 1 + allowedLatenessMs <= watermark) {
      output.collect(tooLate, element);
      return;
    }
    Tuple2<String, E> fact = element.getValue();
    Held<A> slot =
        held.computeIfAbsent(
            new SeriesMinute(fact.f0, minute), k -> new Held<>(add.createAccumulator()));
    slot.totals = add.add(fact.f1, slot.totals);
    slot.latest = Math.max(slot.latest, timestamp);
    if (held.size() >= MAX_HELD) {
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      long now = getProcessingTimeService().getCurrentProcessingTime();
      getProcessingTimeService().registerTimer(now + FLUSH_EVERY.toMillis(), this);
    }
  }

  @Override
  public void onProcessingTime(long time) {
    flushScheduled = false;
    flush();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    watermark = mark.getTimestamp();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() {
    flush();
  }

  private void flush() {
    for (Map.Entry<SeriesMinute, Held<A>> e : held.entrySet()) {
      Held<A> slot = e.getValue();
      output.collect(new StreamRecord<>(Tuple2.of(e.getKey().series(), slot.totals), slot.latest));
    }
    held.clear();
  }

  private record SeriesMinute(String series, long minute) {}

  /** A series' minute so far, and its latest fact's time: a time inside that minute. */
  private static final class Held<A> {
    A totals;
    long latest = Long.MIN_VALUE;

    Held(A totals) {
      this.totals = totals;
    }
  }
}
