package com.opsmon.jobs.kpi;

import com.opsmon.jobs.JobMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives each fact its series, folding a tag's values beyond its cap into {@code other}: the first
 * values seen keep their name, later new ones are counted ({@code seriesFolded}) and reported once
 * per tag. Each parallel instance keeps its own values (the cap holds per instance), checkpointed.
 */
final class CapSeries<E> extends ProcessFunction<E, Tuple2<String, E>>
    implements CheckpointedFunction {
  static final ListStateDescriptor<Tuple2<String, String>> TAG_VALUES =
      new ListStateDescriptor<>("tag-values", Types.TUPLE(Types.STRING, Types.STRING));

  private final KeySelector<E, String> series;
  private final TagCaps caps;
  private final String name;

  private transient SeriesCapper capper;
  private transient ListState<Tuple2<String, String>> checkpointed;
  private transient Counter folded;

  CapSeries(KeySelector<E, String> series, TagCaps caps, String name) {
    this.series = series;
    this.caps = caps;
    this.name = name;
  }

  @Override
  public void open(OpenContext openContext) {
    folded =
        getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP).counter("seriesFolded");
  }

  @Override
  public void processElement(E fact, Context ctx, Collector<Tuple2<String, E>> out)
      throws Exception {
    String raw = series.getKey(fact);
    String capped = capper.cap(raw);
    if (!capped.equals(raw)) {
      folded.inc();
    }
    out.collect(Tuple2.of(capped, fact));
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointed.update(capper.values());
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointed = context.getOperatorStateStore().getListState(TAG_VALUES);
    capper = new SeriesCapper(caps, name, checkpointed.get());
  }
}
