package com.opsmon.jobs.sources;

import com.opsmon.model.deadletter.DeadLetter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Passes decoded events on and sets the dead letters aside on {@link #DEAD_LETTERS}. */
public final class SplitDecoded<T> extends ProcessFunction<Decoded<T>, T> {
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("undecodable") {};

  @Override
  public void processElement(Decoded<T> decoded, Context ctx, Collector<T> out) {
    if (decoded.ok()) {
      out.collect(decoded.event());
    } else {
      ctx.output(DEAD_LETTERS, decoded.failure());
    }
  }
}
