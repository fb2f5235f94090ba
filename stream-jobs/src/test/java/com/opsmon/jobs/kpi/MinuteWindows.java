package com.opsmon.jobs.kpi;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** The minute window that {@link KpiStreams#minutes} built, alone in an opened test harness. */
public final class MinuteWindows {
  private MinuteWindows() {}

  @SuppressWarnings("unchecked")
  public static <E, A>
      KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, E>, Minute<A>> harness(
          DataStream<Minute<A>> minutes) throws Exception {
    var window = (OneInputTransformation<Tuple2<String, E>, Minute<A>>) minutes.getTransformation();
    KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, E>, Minute<A>> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            window.getOperatorFactory(), pair -> pair.f0, Types.STRING);
    harness.open();
    return harness;
  }
}
