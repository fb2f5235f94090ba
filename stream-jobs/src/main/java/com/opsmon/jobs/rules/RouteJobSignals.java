package com.opsmon.jobs.rules;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.rules.Condition;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.Rule;
import com.opsmon.model.rules.RuleSet;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives the signals the KPI jobs raise themselves ({@code order_sla_breach}, {@code stock_out}) the
 * severity, labels, summary and runbook of the rules that route them; a signal no rule routes is
 * not alerted on.
 */
public final class RouteJobSignals
    extends BroadcastProcessFunction<AlertSignal, PublishedRules, AlertSignal> {
  private transient String parsedVersion;
  private transient RuleSet parsed;

  @Override
  public void processElement(AlertSignal signal, ReadOnlyContext ctx, Collector<AlertSignal> out)
      throws Exception {
    PublishedRules published = ctx.getBroadcastState(EvaluateRules.RULES).get(EvaluateRules.ACTIVE);
    if (published == null) {
      return;
    }
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
  }
}
