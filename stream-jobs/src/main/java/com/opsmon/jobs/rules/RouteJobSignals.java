package com.opsmon.jobs.rules;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.rules.Condition;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.Rule;
import com.opsmon.model.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the signals the KPI jobs raise themselves ({@code order_sla_breach}, {@code stock_out}) the
 * severity, labels, summary and runbook of the rules that route them; a signal no rule routes is
 * not alerted on. Signals raised before the first rules arrive (on a first start the jobs can
 * outrun the rules topic) wait for them, in checkpointed state, up to {@link #MAX_WAITING}.
 */
public final class RouteJobSignals
    extends BroadcastProcessFunction<AlertSignal, PublishedRules, AlertSignal>
    implements CheckpointedFunction {
  private static final Logger log = LoggerFactory.getLogger(RouteJobSignals.class);

  /** Signals kept while no rules are known; beyond it they are dropped, and the drop is logged. */
  static final int MAX_WAITING = 10_000;

  private transient String parsedVersion;
  private transient RuleSet parsed;
  private transient List<AlertSignal> waiting;
  private transient ListState<AlertSignal> waitingState;

  @Override
  public void processElement(AlertSignal signal, ReadOnlyContext ctx, Collector<AlertSignal> out)
      throws Exception {
    PublishedRules published = ctx.getBroadcastState(EvaluateRules.RULES).get(EvaluateRules.ACTIVE);
    if (published == null) {
      if (waiting.size() < MAX_WAITING) {
        waiting.add(signal);
      } else {
        log.warn("no rules yet and {} job signals waiting: {} dropped", MAX_WAITING, signal.rule());
      }
      return;
    }
    route(published, signal, out);
  }

  private void route(PublishedRules published, AlertSignal signal, Collector<AlertSignal> out) {
    if (!published.version().equals(parsedVersion)) {
      parsed = published.rules();
      parsedVersion = published.version();
    }
    for (Rule rule : parsed.rules()) {
      if (rule.condition() instanceof Condition.FromSignal from
          && from.signal().equals(signal.rule())) {
        out.collect(route(rule, signal));
      }
    }
  }

  static AlertSignal route(Rule rule, AlertSignal signal) {
    Map<String, String> labels = new TreeMap<>(signal.labels());
    labels.putAll(rule.labels());
    return new AlertSignal(
        rule.name(),
        labels,
        signal.status(),
        rule.severity(),
        signal.summary(),
        signal.value(),
        signal.expectedRange(),
        signal.startsAt(),
        signal.endsAt(),
        rule.runbook() != null ? rule.runbook() : signal.runbookUrl());
  }

  @Override
  public void processBroadcastElement(
      PublishedRules published, Context ctx, Collector<AlertSignal> out) throws Exception {
    ctx.getBroadcastState(EvaluateRules.RULES).put(EvaluateRules.ACTIVE, published);
    for (AlertSignal signal : waiting) {
      route(published, signal, out);
    }
    waiting.clear();
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    waitingState.update(waiting);
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    waitingState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "signals-awaiting-rules", TypeInformation.of(AlertSignal.class)));
    waiting = new ArrayList<>();
    waitingState.get().forEach(waiting::add);
  }
}
