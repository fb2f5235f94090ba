package com.opsmon.jobs.kpi;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * The two operators of {@link KpiStreams#minutes} from adding up to the minute window ({@link
 * PreAggregate}, then the window), each in an opened test harness and wired as the job wires them:
 * facts, watermarks and processing time go to the first, and what it emits goes on to the second in
 * order.
 */
public final class MinuteWindows<E, A> implements AutoCloseable {
  private final OneInputStreamOperatorTestHarness<Tuple2<String, E>, Tuple2<String, A>> added;
  private final KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, A>, Minute<A>> window;

  private MinuteWindows(
      OneInputStreamOperatorTestHarness<Tuple2<String, E>, Tuple2<String, A>> added,
      KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, A>, Minute<A>> window) {
    this.added = added;
    this.window = window;
  }

  /** The operators behind {@code minutes}, as {@link KpiStreams#minutes} built them, opened. */
  @SuppressWarnings("unchecked")
  public static <E, A> MinuteWindows<E, A> of(DataStream<Minute<A>> minutes) throws Exception {
    var windowed =
        (OneInputTransformation<Tuple2<String, A>, Minute<A>>) minutes.getTransformation();
    Transformation<?> keyed = windowed.getInputs().get(0);
    var adding =
        (OneInputTransformation<Tuple2<String, E>, Tuple2<String, A>>) keyed.getInputs().get(0);
    var added =
        new OneInputStreamOperatorTestHarness<Tuple2<String, E>, Tuple2<String, A>>(
            adding.getOperatorFactory(), 1, 1, 0);
    var window =
        new KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, A>, Minute<A>>(
            windowed.getOperatorFactory(), pair -> pair.f0, Types.STRING);
    added.open();
    window.open();
    return new MinuteWindows<>(added, window);
  }

  public void processElement(StreamRecord<Tuple2<String, E>> fact) throws Exception {
    added.processElement(fact);
    forward();
  }

  public void processWatermark(long watermark) throws Exception {
    processWatermark(new Watermark(watermark));
  }

  public void processWatermark(Watermark watermark) throws Exception {
    added.processWatermark(watermark);
    forward();
  }

  /** Moves both operators' processing time, the first one's first, as time passes in a job. */
  public void setProcessingTime(long time) throws Exception {
    added.setProcessingTime(time);
    forward();
    window.setProcessingTime(time);
  }

  /** The minutes the window emitted so far. */
  public List<Minute<A>> extractOutputValues() {
    return window.extractOutputValues();
  }

  public int numKeyedStateEntries() {
    return window.numKeyedStateEntries();
  }

  /** The facts set aside as too late. */
  public ConcurrentLinkedQueue<StreamRecord<Tuple2<String, E>>> getSideOutput(
      OutputTag<Tuple2<String, E>> tag) {
    return added.getSideOutput(tag);
  }

  @SuppressWarnings("unchecked")
  private void forward() throws Exception {
    ConcurrentLinkedQueue<Object> emitted = added.getOutput();
    for (Object next = emitted.poll(); next != null; next = emitted.poll()) {
      if (next instanceof Watermark w) {
        window.processWatermark(w);
      } else {
        window.processElement((StreamRecord<Tuple2<String, A>>) next);
      }
    }
  }

  @Override
  public void close() throws Exception {
    added.close();
    window.close();
  }
}
