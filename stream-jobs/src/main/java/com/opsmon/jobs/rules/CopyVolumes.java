package com.opsmon.jobs.rules;

import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.Rule;
import com.opsmon.model.rules.RuleSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes every KPI point on and, for the rules with a {@code min_volume} or an {@code unless},
 * sends a copy of each point of that KPI to where the rule's KPI is evaluated (its KPI and window),
 * marked with {@link #VOLUME_TAG} naming the KPI copied: the evaluator then knows each series'
 * volume or guard when it judges the window. For a rule's {@code needs_data}, the copy carries only
 * the tags the guard matches on, and is marked with the guard's {@link Rule.NeedsData#key()}.
 */
public final class CopyVolumes
    extends BroadcastProcessFunction<KpiPoint, PublishedRules, KpiPoint> {
  /** The tag marking a copy; its value is the volume KPI's name. */
  public static final String VOLUME_TAG = "\u0001volume";

  private transient String parsedVersion;
  private transient RuleSet parsed;

  @Override
  public void processElement(KpiPoint point, ReadOnlyContext ctx, Collector<KpiPoint> out)
      throws Exception {
    out.collect(point);
    PublishedRules published = ctx.getBroadcastState(EvaluateRules.RULES).get(EvaluateRules.ACTIVE);
    if (published == null) {
      return;
    }
    if (!published.version().equals(parsedVersion)) {
      parsed = published.rules();
      parsedVersion = published.version();
    }
    Set<String> sentTo = new HashSet<>();
    for (Rule rule : parsed.rules()) {
      boolean volume = rule.minVolume() != null && rule.minVolume().kpi().equals(point.kpi());
      boolean guard = rule.unless() != null && rule.unless().kpi().equals(point.kpi());
      if ((volume || guard) && point.window().equals(rule.window()) && sentTo.add(rule.kpi())) {
        Map<String, String> tags = new HashMap<>(point.tags());
        tags.put(VOLUME_TAG, point.kpi());
        out.collect(
            new KpiPoint(rule.kpi(), point.windowStart(), point.window(), tags, point.value()));
      }
      Rule.NeedsData data = rule.needsData();
      if (data != null
          && data.kpi().equals(point.kpi())
          && point.window().equals(rule.window())
          && data.admits(point.tags())) {
        Map<String, String> tags = data.shared(point.tags());
        if (sentTo.add(rule.kpi() + data.key() + tags)) {
          tags.put(VOLUME_TAG, data.key());
          out.collect(
              new KpiPoint(rule.kpi(), point.windowStart(), point.window(), tags, point.value()));
        }
      }
    }
  }

  @Override
  public void processBroadcastElement(
      PublishedRules published, Context ctx, Collector<KpiPoint> out) throws Exception {
    ctx.getBroadcastState(EvaluateRules.RULES).put(EvaluateRules.ACTIVE, published);
  }
}
