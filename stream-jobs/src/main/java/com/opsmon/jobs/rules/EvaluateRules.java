package com.opsmon.jobs.rules;

import com.opsmon.jobs.JobMetrics;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.kpi.SeriesKey;
import com.opsmon.model.rules.Condition;
import com.opsmon.model.rules.PublishedRules;
import com.opsmon.model.rules.Rule;
import com.opsmon.model.rules.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the rules in force on KPI points, keyed by KPI and window: it collects each window's
 * points of every series, and once event time has passed the window (all its points are in), judges
 * every series each rule watches — including the ones without a point, which is how silence is
 * seen. Rules arrive on a broadcast stream and replace the old ones at once; a rule that is kept
 * keeps what it learned, a rule that is removed resolves its firing alerts.
 *
 * <p>Corrections of a window already judged are not judged again: an alert changes on the first
 * verdict of each window, so a late straggler cannot resolve and re-fire an alert.
 */
public final class EvaluateRules
    extends KeyedBroadcastProcessFunction<String, KpiPoint, PublishedRules, AlertSignal> {
  private static final Logger log = LoggerFactory.getLogger(EvaluateRules.class);

  /** The rules in force, by {@link #ACTIVE}. */
  public static final MapStateDescriptor<String, PublishedRules> RULES =
      new MapStateDescriptor<>("rules", Types.STRING, TypeInformation.of(PublishedRules.class));

  static final String ACTIVE = "active";
  private static final char SEP = '\u0001';

  /** Starts the key of a volume (not a series) in a window's points. */
  private static final char VOLUME = '\u0002';

  private static final Duration HISTORY = Duration.ofDays(8);

  /** How often windows that closed before the first rules arrived look for them again. */
  private static final Duration RULES_AWAITED = Duration.ofSeconds(1);

  /** Series state of series not seen for this long is dropped (a region that went away). */
  private static final Duration SERIES_TTL = Duration.ofDays(8);

  /**
   * The points of the windows not judged yet, one entry per point keyed by window start, {@link
   * #SEP} and series: a window held as one map value was written whole to the changelog on every
   * point, which grows with the square of the series (a catalogue's stock cells).
   */
  private transient MapState<String, Double> pending;

  private transient ValueState<Long> lastJudged;
  private transient MapState<String, SeriesState> series;
  private transient MapState<String, Double> history;
  private transient MapState<String, Integer> seriesPerRule;
  private transient MapState<String, AlertGroup> groups;
  private transient Counter correctionsIgnored;
  private transient Counter seriesFolded;
  private transient String parsedVersion;
  private transient RuleSet parsed;

  /** The key a point is evaluated under: its KPI and window. */
  public static String key(KpiPoint point) {
    return point.kpi() + "|" + point.window();
  }

  @Override
  public void open(OpenContext openContext) {
    StateTtlConfig seriesTtl =
        StateTtlConfig.newBuilder(SERIES_TTL)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .build();
    MapStateDescriptor<String, SeriesState> seriesDescriptor = seriesDescriptor();
    seriesDescriptor.enableTimeToLive(seriesTtl);
    series = getRuntimeContext().getMapState(seriesDescriptor);
    // not "pending", whose values were whole windows: a checkpoint's windows of that shape are
    // left unjudged rather than misread
    pending =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("pending-points", Types.STRING, Types.DOUBLE));
    lastJudged =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-judged", Types.LONG));
    MapStateDescriptor<String, Double> historyDescriptor =
        new MapStateDescriptor<>("history", Types.STRING, Types.DOUBLE);
    historyDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(HISTORY).build());
    history = getRuntimeContext().getMapState(historyDescriptor);
    MapStateDescriptor<String, Integer> perRule =
        new MapStateDescriptor<>("series-per-rule", Types.STRING, Types.INT);
    perRule.enableTimeToLive(seriesTtl);
    seriesPerRule = getRuntimeContext().getMapState(perRule);
    groups = getRuntimeContext().getMapState(groupsDescriptor());
    correctionsIgnored =
        getRuntimeContext()
            .getMetricGroup()
            .addGroup(JobMetrics.GROUP)
            .counter("ruleCorrectionsNotReJudged");
    seriesFolded =
        getRuntimeContext()
            .getMetricGroup()
            .addGroup(JobMetrics.GROUP)
            .counter("ruleSeriesOverCap");
  }

  static MapStateDescriptor<String, AlertGroup> groupsDescriptor() {
    return new MapStateDescriptor<>("groups", Types.STRING, TypeInformation.of(AlertGroup.class));
  }

  static MapStateDescriptor<String, SeriesState> seriesDescriptor() {
    return new MapStateDescriptor<>("series", Types.STRING, TypeInformation.of(SeriesState.class));
  }

  @Override
  public void processElement(KpiPoint point, ReadOnlyContext ctx, Collector<AlertSignal> out)
      throws Exception {
    RuleSet rules = rules(ctx.getBroadcastState(RULES));
    // before the first rules arrive, points wait with their window: judged once rules are in
    if (rules != null && watching(rules, point).isEmpty()) {
      return;
    }
    long start = point.windowStart().toEpochMilli();
    Long judged = lastJudged.value();
    if (judged != null && start <= judged) {
      correctionsIgnored.inc();
      return;
    }
    // the timer service keeps one timer per time and key, however often it is asked
    ctx.timerService().registerEventTimeTimer(start + point.window().toMillis() - 1);
    String volumeOf = point.tags().get(CopyVolumes.VOLUME_TAG);
    String name;
    if (volumeOf != null) {
      // a min_volume rule's volume for this series (see CopyVolumes)
      Map<String, String> tags = new HashMap<>(point.tags());
      tags.remove(CopyVolumes.VOLUME_TAG);
      name = volumeKey(volumeOf, SeriesKey.encode(tags));
    } else {
      name = point.series();
    }
    pending.put(start + String.valueOf(SEP) + name, point.value());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertSignal> out)
      throws Exception {
    String[] key = ctx.getCurrentKey().split("\\|");
    KpiDefinition kpi = KpiCatalog.find(key[0]).orElse(null);
    Duration window = Duration.parse(key[1]);
    RuleSet rules = rules(ctx.getBroadcastState(RULES));
    if (rules == null) {
      // on a first start the KPIs can outrun the rules topic: closed windows wait for the rules
      ctx.timerService()
          .registerProcessingTimeTimer(
              ctx.timerService().currentProcessingTime() + RULES_AWAITED.toMillis());
      return;
    }
    long closedUpTo =
        ctx.timeDomain() == TimeDomain.EVENT_TIME
            ? timestamp
            : ctx.timerService().currentWatermark();
    Map<Long, Map<String, Double>> closed = new TreeMap<>();
    List<String> taken = new ArrayList<>();
    for (Map.Entry<String, Double> e : pending.entries()) {
      int sep = e.getKey().indexOf(SEP);
      long start = Long.parseLong(e.getKey(), 0, sep, 10);
      if (start + window.toMillis() - 1 <= closedUpTo) {
        closed
            .computeIfAbsent(start, s -> new HashMap<>())
            .put(e.getKey().substring(sep + 1), e.getValue());
        taken.add(e.getKey());
      }
    }
    for (String point : taken) {
      pending.remove(point);
    }
    for (Map.Entry<Long, Map<String, Double>> w : closed.entrySet()) {
      long start = w.getKey();
      Map<String, Double> points = w.getValue();
      if (kpi == null) {
        continue;
      }
      lastJudged.update(start);
      for (Rule rule : rules.rules()) {
        if (kpi.name().equals(rule.kpi()) && window.equals(rule.window())) {
          judge(rule, kpi, start, start + window.toMillis(), points, out);
        }
      }
    }
  }

  /** One window of every series the rule watches: those with a point, and those it knew. */
  private void judge(
      Rule rule,
      KpiDefinition kpi,
      long start,
      long end,
      Map<String, Double> points,
      Collector<AlertSignal> out)
      throws Exception {
    String prefix = rule.name() + SEP;
    Set<String> judged = new HashSet<>();
    List<Map.Entry<String, SeriesState>> known = new ArrayList<>();
    for (Map.Entry<String, SeriesState> e : series.entries()) {
      if (e.getKey().startsWith(prefix)) {
        known.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    for (Map.Entry<String, SeriesState> e : known) {
      String name = e.getKey().substring(prefix.length());
      judged.add(name);
      judgeOne(
          rule,
          name,
          e.getValue(),
          start,
          end,
          valueUnlessExcused(rule, name, points),
          volume(rule, name, points),
          out);
    }
    for (Map.Entry<String, Double> p : points.entrySet()) {
      if (p.getKey().charAt(0) == VOLUME
          || judged.contains(p.getKey())
          || !RuleMatch.matches(rule, kpi, SeriesKey.decode(p.getKey()))) {
        continue;
      }
      int tracked = seriesPerRule.contains(rule.name()) ? seriesPerRule.get(rule.name()) : 0;
      if (tracked >= rule.maxSeries()) {
        seriesFolded.inc();
        if (tracked == rule.maxSeries()) {
          seriesPerRule.put(rule.name(), tracked + 1);
          out.collect(capped(rule, start));
          log.warn(
              "rule {} watches more than {} series; further series are not alerted on",
              rule.name(),
              rule.maxSeries());
        }
        continue;
      }
      seriesPerRule.put(rule.name(), tracked + 1);
      judgeOne(
          rule,
          p.getKey(),
          new SeriesState(),
          start,
          end,
          valueUnlessExcused(rule, p.getKey(), points),
          volume(rule, p.getKey(), points),
          out);
    }
  }

  private static String volumeKey(String volumeKpi, String series) {
    return VOLUME + volumeKpi + SEP + series;
  }

  /** The series' volume in the window for a min_volume rule (null when it had none), else null. */
  private static Double volume(Rule rule, String series, Map<String, Double> points) {
    return rule.minVolume() == null ? null : points.get(volumeKey(rule.minVolume().kpi(), series));
  }

  /**
   * The series' value, or null when the window is not to be judged: the rule's {@code needs_data}
   * had no point for it, or its {@code unless} KPI excuses it.
   */
  private static Double valueUnlessExcused(Rule rule, String series, Map<String, Double> points) {
    Rule.NeedsData data = rule.needsData();
    if (data != null) {
      String shared = SeriesKey.encode(data.shared(SeriesKey.decode(series)));
      if (!points.containsKey(volumeKey(data.key(), shared))) {
        return null; // the data behind the series was not arriving: nothing to judge
      }
    }
    Double value = points.get(series);
    if (value == null
        && rule.condition() instanceof Condition.RateOfChange r
        && r.departures()
        && volume(rule, series, points) != null) {
      value = 0.0; // a count has no point in a window where nothing left the queue
    }
    if (value == null || rule.unless() == null) {
      return value;
    }
    Double guard = points.get(volumeKey(rule.unless().kpi(), series));
    return guard != null && guard > rule.unless().above() ? null : value;
  }

  private void judgeOne(
      Rule rule,
      String name,
      SeriesState state,
      long start,
      long end,
      Double value,
      Double volume,
      Collector<AlertSignal> out)
      throws Exception {
    boolean usesHistory =
        rule.condition() instanceof Condition.RateOfChange r
            && r.against() != Condition.RateOfChange.Baseline.PREVIOUS;
    String historyPrefix = rule.name() + SEP + name + SEP;
    Optional<RuleLogic.Change> change =
        RuleLogic.step(
            rule,
            state,
            new RuleLogic.Observation(start, end, value, true, volume),
            windowStart -> usesHistory ? historyValue(historyPrefix + windowStart) : null);
    if (usesHistory && value != null) {
      history.put(historyPrefix + start, value);
    }
    series.put(rule.name() + SEP + name, state);
    if (change.isPresent()) {
      tell(rule, name, change.get(), state.firingSince, out);
    }
  }

  /**
   * Tells receivers of a series' change: as its own alert, or for a {@code group_by} rule as its
   * group's, which fires with the first series of the group and resolves with the last.
   */
  private void tell(
      Rule rule, String name, RuleLogic.Change change, long firingSince, Collector<AlertSignal> out)
      throws Exception {
    Map<String, String> tags = SeriesKey.decode(name);
    String group = rule.groupOf(tags);
    if (group == null) {
      out.collect(RuleSignals.signal(rule, tags, change, firingSince, name));
      return;
    }
    String key = rule.name() + SEP + group;
    AlertGroup firing = groups.get(key);
    if (change.firing()) {
      if (firing == null) {
        groups.put(key, AlertGroup.ledBy(name, change.at()));
        out.collect(RuleSignals.signal(rule, tags, change, firingSince, name));
      } else if (!firing.has(name)) {
        groups.put(key, firing.with(name));
      }
      return;
    }
    if (firing == null || !firing.has(name)) {
      // fired before the rule grouped its series: it resolves as it fired, alone
      out.collect(RuleSignals.signal(rule, tags, change, firingSince, name));
      return;
    }
    AlertGroup rest = firing.without(name);
    if (!rest.isEmpty()) {
      groups.put(key, rest);
      return;
    }
    groups.remove(key);
    out.collect(
        RuleSignals.signal(
            rule, SeriesKey.decode(firing.leader), change, firing.firingSince, firing.leader));
  }

  private Double historyValue(String key) {
    try {
      return history.get(key);
    } catch (Exception e) {
      return null;
    }
  }

  private static AlertSignal capped(Rule rule, long at) {
    return new AlertSignal(
        rule.name(),
        Map.of("capped", "true"),
        AlertStatus.FIRING,
        Severity.WARNING,
        "rule "
            + rule.name()
            + " watches more than "
            + rule.maxSeries()
            + " series (max_series); the rest are folded into this alert",
        null,
        null,
        Instant.ofEpochMilli(at),
        null,
        rule.runbook());
  }

  @Override
  public void processBroadcastElement(
      PublishedRules published, Context ctx, Collector<AlertSignal> out) throws Exception {
    RuleSet next;
    try {
      next = published.rules();
    } catch (IllegalArgumentException e) {
      log.error("rules version {} cannot be used, the old ones stay: {}", published.version(), e);
      return;
    }
    PublishedRules previous = ctx.getBroadcastState(RULES).get(ACTIVE);
    ctx.getBroadcastState(RULES).put(ACTIVE, published);
    if (previous == null) {
      return;
    }
    Set<String> kept = new HashSet<>();
    next.rules().forEach(r -> kept.add(r.name()));
    RuleSet old = previous.rules();
    Map<String, Rule> removed = new HashMap<>();
    old.rules().stream()
        .filter(r -> !kept.contains(r.name()))
        .forEach(r -> removed.put(r.name(), r));
    if (removed.isEmpty()) {
      return;
    }
    long now = ctx.currentWatermark();
    ctx.applyToKeyedState(
        seriesDescriptor(),
        (key, state) -> {
          List<String> drop = new ArrayList<>();
          for (Map.Entry<String, SeriesState> e : state.entries()) {
            String ruleName = e.getKey().substring(0, e.getKey().indexOf(SEP));
            Rule rule = removed.get(ruleName);
            if (rule == null) {
              continue;
            }
            drop.add(e.getKey());
            SeriesState s = e.getValue();
            if (s.firing && rule.groupBy() == null) {
              String name = e.getKey().substring(ruleName.length() + 1);
              out.collect(
                  RuleSignals.signal(
                      rule,
                      SeriesKey.decode(name),
                      new RuleLogic.Change(
                          false, Math.max(now, s.firingSince), s.lastValue, null, false),
                      s.firingSince,
                      name));
            }
          }
          for (String k : drop) {
            state.remove(k);
          }
        });
    ctx.applyToKeyedState(
        groupsDescriptor(),
        (key, state) -> {
          List<String> drop = new ArrayList<>();
          for (Map.Entry<String, AlertGroup> e : state.entries()) {
            Rule rule = removed.get(e.getKey().substring(0, e.getKey().indexOf(SEP)));
            if (rule == null) {
              continue;
            }
            drop.add(e.getKey());
            AlertGroup group = e.getValue();
            out.collect(
                RuleSignals.signal(
                    rule,
                    SeriesKey.decode(group.leader),
                    new RuleLogic.Change(
                        false, Math.max(now, group.firingSince), Double.NaN, null, false),
                    group.firingSince,
                    group.leader));
          }
          for (String k : drop) {
            state.remove(k);
          }
        });
  }

  private RuleSet rules(ReadOnlyBroadcastState<String, PublishedRules> state) throws Exception {
    PublishedRules published = state.get(ACTIVE);
    if (published == null) {
      return null;
    }
    if (!published.version().equals(parsedVersion)) {
      parsed = published.rules();
      parsedVersion = published.version();
    }
    return parsed;
  }

  private static List<Rule> watching(RuleSet rules, KpiPoint point) {
    return rules.rules().stream()
        .filter(r -> point.kpi().equals(r.kpi()) && point.window().equals(r.window()))
        .toList();
  }
}
