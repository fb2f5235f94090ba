package com.opsmon.jobs.kpi;

import com.opsmon.jobs.JobMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rewrites each event's tags to their capped values before a gauge keys its state by series, so a
 * flood of new values adds one series ({@code other}) to the gauge's state instead of one per
 * value. It runs keyed by the raw series: every event of a series meets the same instance, and so
 * the same decision. It keeps no keyed state, only the values it let through (bounded by the caps),
 * as operator state.
 */
public final class CapBeforeKeying<E> extends KeyedProcessFunction<String, E, E>
    implements CheckpointedFunction {
  /** An event with its series replaced by the capped one. */
  @FunctionalInterface
  public interface Fold<E> extends java.io.Serializable {
    E into(E event, String cappedSeries);
  }

  private final KeySelector<E, String> series;
  private final Fold<E> fold;
  private final TagCaps caps;
  private final String name;

  private transient SeriesCapper capper;
  private transient ListState<Tuple2<String, String>> checkpointed;
  private transient Counter folded;

  public CapBeforeKeying(KeySelector<E, String> series, Fold<E> fold, TagCaps caps, String name) {
    this.series = series;
    this.fold = fold;
    this.caps = caps;
    this.name = name;
  }

  @Override
  public void open(OpenContext openContext) {
    folded =
        getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP).counter("seriesFolded");
  }

  @Override
  public void processElement(E event, Context ctx, Collector<E> out) throws Exception {
    String raw = series.getKey(event);
    String capped = capper.cap(raw);
    if (capped.equals(raw)) {
      out.collect(event);
    } else {
      folded.inc();
      out.collect(fold.into(event, capped));
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointed.update(capper.values());
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointed = context.getOperatorStateStore().getListState(CapSeries.TAG_VALUES);
    capper = new SeriesCapper(caps, name, checkpointed.get());
  }
}
