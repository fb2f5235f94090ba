package com.opsmon.jobs.rules;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.rules.PublishedRules;
import java.util.Optional;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The alert rules, as data: KPI points and the jobs' own signals in, the rules in force broadcast
 * to every evaluator, alert signals out.
 */
public final class RulesJob {
  private RulesJob() {}

  /**
   * @param jobSignals the signals the KPI jobs raise themselves; empty if none does
   */
  public static DataStream<AlertSignal> build(
      DataStream<KpiPoint> kpis,
      Optional<DataStream<AlertSignal>> jobSignals,
      DataStream<PublishedRules> rules) {
    BroadcastStream<PublishedRules> broadcast = rules.broadcast(EvaluateRules.RULES);
    DataStream<AlertSignal> fromKpis =
        kpis.connect(broadcast)
            .process(new CopyVolumes())
            .name("rules: volumes to the KPIs they guard")
            .uid("rules-copy-volumes")
            .keyBy(EvaluateRules::key)
            .connect(broadcast)
            .process(new EvaluateRules())
            .name("rules on KPIs")
            .uid("rules-evaluate");
    if (jobSignals.isEmpty()) {
      return fromKpis;
    }
    DataStream<AlertSignal> routed =
        jobSignals
            .get()
            .connect(broadcast)
            .process(new RouteJobSignals())
            .name("rules on job signals")
            .uid("rules-route-job-signals");
    return fromKpis.union(routed);
  }
}
