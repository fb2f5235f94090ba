package com.opsmon.jobs.kpi;

import com.opsmon.jobs.JobMetrics;
import com.opsmon.model.kpi.SeriesKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each fact its series, folding a tag's values beyond its cap into {@code other}: the first
 * values seen keep their name, later new ones are counted ({@code seriesFolded}) and reported once
 * per tag. Each parallel instance keeps its own values (the cap holds per instance), checkpointed.
 */
final class CapSeries<E> extends ProcessFunction<E, Tuple2<String, E>>
    implements CheckpointedFunction {
  private static final Logger log = LoggerFactory.getLogger(CapSeries.class);
  private static final int KNOWN_SERIES = 100_000;

  private final KeySelector<E, String> series;
  private final TagCaps caps;
  private final String name;

  private transient Map<String, Set<String>> values;
  private transient Map<String, String> known;
  private transient Set<String> reported;
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
    known = new HashMap<>();
    reported = new HashSet<>();
  }

  @Override
  public void processElement(E fact, Context ctx, Collector<Tuple2<String, E>> out)
      throws Exception {
    String raw = series.getKey(fact);
    String capped = known.get(raw);
    if (capped == null) {
      capped = cap(raw);
      if (known.size() < KNOWN_SERIES) {
        known.put(raw, capped);
      }
    }
    if (!capped.equals(raw)) {
      folded.inc();
    }
    out.collect(Tuple2.of(capped, fact));
  }

  private String cap(String raw) {
    Map<String, String> tags = SeriesKey.decode(raw);
    boolean changed = false;
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      Set<String> seen = values.computeIfAbsent(tag.getKey(), t -> new HashSet<>());
      if (seen.contains(tag.getValue())) {
        continue;
      }
      if (seen.size() < caps.capOf(tag.getKey())) {
        seen.add(tag.getValue());
        continue;
      }
      if (reported.add(tag.getKey())) {
        log.warn(
            "{}: tag {} has more than {} values; further new values fold into '{}'",
            name,
            tag.getKey(),
            caps.capOf(tag.getKey()),
            TagCaps.OTHER);
      }
      tag.setValue(TagCaps.OTHER);
      changed = true;
    }
    return changed ? SeriesKey.encode(tags) : raw;
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    List<Tuple2<String, String>> all = new ArrayList<>();
    values.forEach((tag, seen) -> seen.forEach(v -> all.add(Tuple2.of(tag, v))));
    checkpointed.update(all);
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointed =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>("tag-values", Types.TUPLE(Types.STRING, Types.STRING)));
    values = new HashMap<>();
    for (Tuple2<String, String> value : checkpointed.get()) {
      values.computeIfAbsent(value.f0, t -> new HashSet<>()).add(value.f1);
    }
  }
}
