package com.opsmon.model.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.config.Durations;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a rules file (YAML) into a {@link RuleSet}, checking everything a person can get wrong and
 * saying where: the file, the line, the field and what is wrong, every problem at once.
 */
public final class RulesFile {
  /** The signals the KPI jobs raise themselves, which a {@code signal:} rule routes. */
  public static final Set<String> JOB_SIGNALS = Set.of("order_sla_breach", "stock_out");

  /** The longest {@code lag}: each series keeps the volumes of the windows it spans. */
  private static final Duration MAX_LAG = Duration.ofHours(1);

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,63}");
  private static final Set<String> TOP = Set.of("version", "defaults", "rules");
  private static final Set<String> DEFAULTS = Set.of("flapping", "max_series");
  private static final Set<String> CONDITIONS =
      Set.of("threshold", "no_data", "rate_of_change", "anomaly", "signal");
  private static final Set<String> RULE =
      union(
          Set.of(
              "name",
              "kpi",
              "window",
              "where",
              "severity",
              "labels",
              "summary",
              "runbook",
              "flapping",
              "max_series",
              "min_volume",
              "group_by",
              "unless",
              "needs_data"),
          CONDITIONS);
  private static final YAMLMapper YAML = new YAMLMapper();

  private final String file;
  private final Map<String, Integer> lines;
  private final List<Problem> problems = new ArrayList<>();

  private RulesFile(String file, Map<String, Integer> lines) {
    this.file = file;
    this.lines = lines;
  }

  /** One thing wrong with a rules file. */
  public record Problem(String file, int line, String field, String message) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + field + ": " + message;
    }
  }

  /** A rules file that cannot be used, with every problem found in it. */
  public static final class InvalidRules extends IllegalArgumentException {
    private final List<Problem> problems;

    InvalidRules(List<Problem> problems) {
      super(
          problems.size()
              + " problem(s) in the rules:\n  "
              + String.join("\n  ", problems.stream().map(Problem::toString).toList()));
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }
  }

  /**
   * @param file names the file in messages
   * @throws InvalidRules listing every problem
   */
  public static RuleSet parse(String yaml, String file) {
    JsonNode root;
    Map<String, Integer> lines;
    try {
      root = YAML.readTree(yaml);
      lines = lineIndex(yaml);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InvalidRules(
          List.of(new Problem(file, line, "(file)", "not YAML: " + e.getOriginalMessage())));
    } catch (IOException e) {
      throw new InvalidRules(List.of(new Problem(file, 0, "(file)", e.getMessage())));
    }
    RulesFile reader = new RulesFile(file, lines);
    List<Rule> rules = reader.rules(root);
    if (!reader.problems.isEmpty()) {
      throw new InvalidRules(reader.problems);
    }
    return new RuleSet(digest(yaml), rules, yaml);
  }

  private List<Rule> rules(JsonNode root) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      problem("", "(file)", "the file is empty: it needs a 'rules' list");
      return List.of();
    }
    if (!root.isObject()) {
      problem("", "(file)", "expected a mapping with a 'rules' list");
      return List.of();
    }
    keys(root, "", TOP);
    Rule.Flapping flapping = Rule.Flapping.DEFAULT;
    int maxSeries = Rule.DEFAULT_MAX_SERIES;
    JsonNode defaults = root.get("defaults");
    if (defaults != null) {
      if (keys(defaults, "/defaults", DEFAULTS)) {
        flapping = flapping(defaults.get("flapping"), "/defaults/flapping", flapping);
        maxSeries = positiveInt(defaults.get("max_series"), "/defaults/max_series", maxSeries);
      }
    }
    JsonNode list = root.get("rules");
    if (list == null || !list.isArray()) {
      problem("", "rules", "a list of rules is required");
      return List.of();
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "/rules/" + i;
      Rule rule = rule(list.get(i), at, flapping, maxSeries);
      if (rule != null) {
        if (!names.add(rule.name())) {
          problem(at + "/name", "name", "another rule is already called '" + rule.name() + "'");
        }
        rules.add(rule);
      }
    }
    return rules;
  }

  private Rule rule(JsonNode node, String at, Rule.Flapping defaultFlapping, int defaultMax) {
    if (!keys(node, at, RULE)) {
      return null;
    }
    int problemsBefore = problems.size();
    String name = text(node.get("name"), at + "/name", true);
    if (name != null && !NAME.matcher(name).matches()) {
      problem(at + "/name", "name", "'" + name + "' is not a rule name ([a-z][a-z0-9_]*)");
    }
    List<String> kinds = new ArrayList<>();
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (CONDITIONS.contains(f)) {
                kinds.add(f);
              }
            });
    if (kinds.size() != 1) {
      problem(
          at,
          "rule " + name,
          kinds.isEmpty()
              ? "needs one condition: " + String.join(", ", sorted(CONDITIONS))
              : "has " + kinds + ": a rule takes exactly one condition");
      return null;
    }
    String kind = kinds.get(0);
    boolean fromSignal = kind.equals("signal");

    KpiDefinition kpi = null;
    String kpiName = text(node.get("kpi"), at + "/kpi", !fromSignal);
    if (kpiName != null) {
      kpi = KpiCatalog.find(kpiName).orElse(null);
      if (kpi == null) {
        problem(at + "/kpi", "kpi", "no KPI is called '" + kpiName + "'");
      }
    }
    Duration window = kpi == null ? null : kpi.window();
    if (node.get("window") != null && kpi != null) {
      Duration asked = duration(node.get("window"), at + "/window", null);
      if (asked != null && !kpi.windows().contains(asked)) {
        problem(
            at + "/window",
            "window",
            kpi.name() + " is computed for " + kpi.windows() + ", not " + asked);
      } else if (asked != null) {
        window = asked;
      }
    }
    Map<String, String> where = stringMap(node.get("where"), at + "/where");
    if (kpi != null) {
      for (String tag : where.keySet()) {
        if (!kpi.tags().contains(tag)) {
          problem(
              at + "/where/" + tag,
              "where." + tag,
              "'" + tag + "' is not a tag of " + kpi.name() + " (its tags: " + kpi.tags() + ")");
        }
      }
    }
    Severity severity = severity(node.get("severity"), at + "/severity");
    Map<String, String> labels = stringMap(node.get("labels"), at + "/labels");
    labels.keySet().stream()
        .filter(l -> !LABEL.matcher(l).matches())
        .forEach(l -> problem(at + "/labels/" + l, "labels." + l, "not a label name"));
    String summary = text(node.get("summary"), at + "/summary", false);
    String runbook = text(node.get("runbook"), at + "/runbook", false);
    Rule.Flapping flapping = flapping(node.get("flapping"), at + "/flapping", defaultFlapping);
    int maxSeries = positiveInt(node.get("max_series"), at + "/max_series", defaultMax);
    Condition condition = condition(kind, node.get(kind), at + "/" + kind);
    Rule.MinVolume minVolume = minVolume(node.get("min_volume"), at + "/min_volume", kpi, window);
    if (minVolume != null
        && !(condition instanceof Condition.Threshold
            || condition instanceof Condition.RateOfChange
            || condition instanceof Condition.Anomaly)) {
      problem(
          at + "/min_volume",
          "min_volume",
          "only guards threshold, rate_of_change and anomaly rules");
    }
    List<String> groupBy = groupBy(node.get("group_by"), at + "/group_by", kpi, fromSignal);
    Rule.Unless unless = unless(node.get("unless"), at + "/unless", kpi, window);
    Rule.NeedsData needsData =
        needsData(node.get("needs_data"), at + "/needs_data", kpi, window, fromSignal);
    if (condition instanceof Condition.RateOfChange r
        && r.surprise() != null
        && minVolume == null) {
      problem(
          at + "/" + kind + "/surprise",
          "rate_of_change.surprise",
          "needs a min_volume: the count the share is of (e.g. sessions)");
    }
    if (minVolume != null
        && minVolume.pool()
        && (condition instanceof Condition.Anomaly
            || (condition instanceof Condition.Threshold t && t.surprise() != null)
            || (condition instanceof Condition.RateOfChange r
                && (r.surprise() != null
                    || r.against() != Condition.RateOfChange.Baseline.PREVIOUS)))) {
      problem(
          at + "/min_volume/pool",
          "min_volume.pool",
          "pools a thin window's value with the next ones': for a threshold or a rate_of_change"
              + " against the previous windows, judged on the value (not on counts with a"
              + " surprise)");
    }
    if (condition instanceof Condition.Threshold t && t.surprise() != null && minVolume == null) {
      problem(
          at + "/" + kind + "/surprise",
          "threshold.surprise",
          "needs a min_volume: the count the share is of (e.g. service_requests)");
    }
    if (problems.size() > problemsBefore || condition == null) {
      return null;
    }
    return new Rule(
        name,
        kpi == null ? null : kpi.name(),
        window,
        where,
        severity,
        labels,
        summary == null ? defaultSummary(name, kind) : summary,
        runbook,
        condition,
        flapping,
        maxSeries,
        minVolume,
        groupBy,
        unless,
        needsData);
  }

  /**
   * {@code needs_data: {kpi: events_in, where: {source: storefront}}}: a KPI read for the tags it
   * shares with the rule's KPI, its other tags fixed by {@code where}.
   */
  private Rule.NeedsData needsData(
      JsonNode node, String at, KpiDefinition kpi, Duration window, boolean fromSignal) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (fromSignal) {
      problem(at, "needs_data", "guards the windows of a KPI rule; a signal rule has none");
      return null;
    }
    if (!keys(node, at, Set.of("kpi", "where"))) {
      return null;
    }
    String name = text(node.get("kpi"), at + "/kpi", true);
    Map<String, String> where = stringMap(node.get("where"), at + "/where");
    if (name == null || kpi == null) {
      return null;
    }
    KpiDefinition data = KpiCatalog.find(name).orElse(null);
    if (data == null) {
      problem(at + "/kpi", "needs_data.kpi", "no KPI is called '" + name + "'");
      return null;
    }
    if (!data.windows().contains(window)) {
      problem(
          at + "/kpi",
          "needs_data.kpi",
          name + " is computed for " + data.windows() + ", not the rule's " + window);
      return null;
    }
    List<String> on = new ArrayList<>();
    boolean fine = true;
    for (String tag : data.tags()) {
      if (where.containsKey(tag)) {
        if (where.get(tag).equals("*")) {
          problem(at + "/where/" + tag, "needs_data.where." + tag, "a value, not '*'");
          fine = false;
        }
      } else if (kpi.tags().contains(tag)) {
        on.add(tag);
      } else {
        problem(
            at + "/where",
            "needs_data.where",
            "'"
                + tag
                + "' is a tag of "
                + name
                + " but not of "
                + kpi.name()
                + ": give its value, e.g. {"
                + tag
                + ": …}");
        fine = false;
      }
    }
    for (String tag : where.keySet()) {
      if (!data.tags().contains(tag)) {
        problem(
            at + "/where/" + tag,
            "needs_data.where." + tag,
            "'" + tag + "' is not a tag of " + name + " (its tags: " + data.tags() + ")");
        fine = false;
      }
    }
    return fine ? new Rule.NeedsData(name, where, on) : null;
  }

  /** {@code unless: {kpi: payment_failure_rate, above: 0.1}}: the same series of another KPI. */
  private Rule.Unless unless(JsonNode node, String at, KpiDefinition kpi, Duration window) {
    KpiBound guard = kpiBound(node, at, "unless", "above", kpi, window);
    return guard == null ? null : new Rule.Unless(guard.kpi().name(), guard.value());
  }

  /** Another KPI of the rule's series and a number: {@code {kpi: <name>, <valueKey>: <n>}}. */
  private record KpiBound(KpiDefinition kpi, double value) {}

  private KpiBound kpiBound(
      JsonNode node, String at, String field, String valueKey, KpiDefinition kpi, Duration window) {
    return kpiBound(node, at, field, valueKey, Set.of(), kpi, window);
  }

  /** The same, allowing {@code more} keys beside {@code kpi} and {@code valueKey}. */
  private KpiBound kpiBound(
      JsonNode node,
      String at,
      String field,
      String valueKey,
      Set<String> more,
      KpiDefinition kpi,
      Duration window) {
    Set<String> allowed = new HashSet<>(more);
    allowed.add("kpi");
    allowed.add(valueKey);
    if (node == null || node.isNull() || !keys(node, at, allowed)) {
      return null;
    }
    String name = text(node.get("kpi"), at + "/kpi", true);
    Double value = number(node.get(valueKey), at + "/" + valueKey);
    if (name == null || value == null || kpi == null) {
      return null;
    }
    KpiDefinition other = sameSeries(name, at + "/kpi", field + ".kpi", kpi, window);
    return other == null ? null : new KpiBound(other, value);
  }

  /** {@code group_by: [sku]}: tags of the rule's KPI; {@code []} groups every series in one. */
  private List<String> groupBy(JsonNode node, String at, KpiDefinition kpi, boolean fromSignal) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (fromSignal) {
      problem(at, "group_by", "groups the series of a KPI rule; a signal rule has none");
      return null;
    }
    if (!node.isArray()) {
      problem(at, "group_by", "a list of the KPI's tags, e.g. [sku], or [] for one alert in all");
      return null;
    }
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String tag = text(node.get(i), at + "/" + i, true);
      if (tag == null) {
        continue;
      }
      if (kpi != null && !kpi.tags().contains(tag)) {
        problem(
            at + "/" + i,
            "group_by",
            "'" + tag + "' is not a tag of " + kpi.name() + " (its tags: " + kpi.tags() + ")");
      } else if (tags.contains(tag)) {
        problem(at + "/" + i, "group_by", "'" + tag + "' is named twice");
      } else {
        tags.add(tag);
      }
    }
    return tags;
  }

  /**
   * {@code min_volume: {kpi: orders, at_least: 30[, pool: true]}}: a KPI with the rule KPI's tags
   * and window.
   */
  private Rule.MinVolume minVolume(JsonNode node, String at, KpiDefinition kpi, Duration window) {
    KpiBound volume = kpiBound(node, at, "min_volume", "at_least", Set.of("pool"), kpi, window);
    if (volume == null) {
      return null;
    }
    if (!(volume.value() > 0)) {
      problem(at + "/at_least", "min_volume.at_least", "a volume above 0, e.g. 30");
      return null;
    }
    Boolean pool = flag(node, "pool", at, "min_volume.pool");
    return pool == null ? null : new Rule.MinVolume(volume.kpi().name(), volume.value(), pool);
  }

  /** An optional {@code true}/{@code false} field (false when absent), or null and a problem. */
  private Boolean flag(JsonNode node, String key, String at, String field) {
    if (!node.has(key)) {
      return false;
    }
    if (!node.get(key).isBoolean()) {
      problem(at + "/" + key, field, "true or false");
      return null;
    }
    return node.get(key).asBoolean();
  }

  /** The KPI called {@code name} if it has the rule KPI's series and window, else a problem. */
  private KpiDefinition sameSeries(
      String name, String at, String field, KpiDefinition kpi, Duration window) {
    KpiDefinition other = KpiCatalog.find(name).orElse(null);
    if (other == null) {
      problem(at, field, "no KPI is called '" + name + "'");
      return null;
    }
    if (!Set.copyOf(other.tags()).equals(Set.copyOf(kpi.tags()))
        || !Set.copyOf(other.totalled()).equals(Set.copyOf(kpi.totalled()))) {
      problem(
          at,
          field,
          name
              + " has the tags "
              + other.tags()
              + ", "
              + kpi.name()
              + " "
              + kpi.tags()
              + ": it must be read for the same series");
      return null;
    }
    if (!other.windows().contains(window)) {
      problem(
          at, field, name + " is computed for " + other.windows() + ", not the rule's " + window);
      return null;
    }
    return other;
  }

  private Condition condition(String kind, JsonNode node, String at) {
    return switch (kind) {
      case "threshold" -> threshold(node, at);
      case "no_data" -> noData(node, at);
      case "rate_of_change" -> rateOfChange(node, at);
      case "anomaly" -> anomaly(node, at);
      default -> signal(node, at);
    };
  }

  private Condition threshold(JsonNode node, String at) {
    if (!keys(node, at, Set.of("above", "below", "recover", "for", "surprise"))) {
      return null;
    }
    boolean above = node.has("above");
    if (above == node.has("below")) {
      problem(at, "threshold", "give exactly one of 'above' or 'below'");
      return null;
    }
    Double limit = number(node.get(above ? "above" : "below"), at + (above ? "/above" : "/below"));
    Double recover = node.has("recover") ? number(node.get("recover"), at + "/recover") : limit;
    Duration holdFor = duration(node.get("for"), at + "/for", Duration.ZERO);
    if (limit == null || recover == null || holdFor == null) {
      return null;
    }
    if (above ? recover > limit : recover < limit) {
      problem(
          at + "/recover",
          "threshold.recover",
          "must be "
              + (above ? "at or below" : "at or above")
              + " the limit "
              + limit
              + " (it is where the alert resolves)");
      return null;
    }
    Double surprise = null;
    if (node.has("surprise")) {
      surprise = number(node.get("surprise"), at + "/surprise");
      if (surprise == null) {
        return null;
      }
      if (!(surprise > 0 && surprise < 1)) {
        problem(at + "/surprise", "threshold.surprise", "a probability between 0 and 1, e.g. 1e-5");
        return null;
      }
      if (!(limit > 0 && limit < 1 && recover > 0 && recover < 1 && !recover.equals(limit))) {
        problem(
            at,
            "threshold.surprise",
            "judges a share: the limit and the recovery line must be between 0 and 1 and differ"
                + " (the share in trouble and the usual one)");
        return null;
      }
    }
    return new Condition.Threshold(above, limit, recover, holdFor, surprise);
  }

  private Condition noData(JsonNode node, String at) {
    if (!keys(node, at, Set.of("for", "surprise", "fall"))) {
      return null;
    }
    if (!node.has("for")) {
      problem(at, "no_data.for", "how long without data fires the alert, e.g. 5m");
      return null;
    }
    Duration holdFor = duration(node.get("for"), at + "/for", null);
    if (holdFor == null) {
      return null;
    }
    Double surprise = null;
    if (node.has("surprise")) {
      surprise = number(node.get("surprise"), at + "/surprise");
      if (surprise != null && !(surprise > 0 && surprise < 1)) {
        problem(at + "/surprise", "no_data.surprise", "a probability between 0 and 1, e.g. 1e-4");
        return null;
      }
    }
    Double fall = null;
    if (node.has("fall")) {
      fall = number(node.get("fall"), at + "/fall");
      if (fall != null && !(fall > 0 && fall < 1)) {
        problem(at + "/fall", "no_data.fall", "a share of the rate between 0 and 1, e.g. 0.5");
        return null;
      }
      if (surprise == null) {
        problem(at + "/fall", "no_data.fall", "needs a surprise: how unlikely the shortfall is");
        return null;
      }
    }
    return new Condition.NoData(holdFor, surprise, fall);
  }

  private Condition rateOfChange(JsonNode node, String at) {
    if (!keys(
        node,
        at,
        Set.of(
            "compared_to",
            "windows",
            "rise",
            "fall",
            "for",
            "min_baseline",
            "surprise",
            "departures",
            "dwell",
            "lag"))) {
      return null;
    }
    Condition.RateOfChange.Baseline against = Condition.RateOfChange.Baseline.PREVIOUS;
    String comparedTo = text(node.get("compared_to"), at + "/compared_to", false);
    if (comparedTo != null) {
      try {
        against = Condition.RateOfChange.Baseline.valueOf(comparedTo.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problem(at + "/compared_to", "compared_to", "previous, day or week");
        return null;
      }
    }
    int windows = positiveInt(node.get("windows"), at + "/windows", 30);
    Double rise = node.has("rise") ? number(node.get("rise"), at + "/rise") : null;
    Double fall = node.has("fall") ? number(node.get("fall"), at + "/fall") : null;
    if (rise == null && fall == null) {
      problem(at, "rate_of_change", "give 'rise' (1.0 = doubled) and/or 'fall' (0.5 = halved)");
      return null;
    }
    if (rise != null && rise <= 0) {
      problem(at + "/rise", "rise", "a relative rise above 0, e.g. 1.0 for doubled");
      return null;
    }
    if (fall != null && !(fall > 0 && fall < 1)) {
      problem(at + "/fall", "fall", "a relative fall between 0 and 1, e.g. 0.5 for halved");
      return null;
    }
    Double minBaseline =
        node.has("min_baseline") ? number(node.get("min_baseline"), at + "/min_baseline") : null;
    if (minBaseline != null && !(minBaseline > 0)) {
      problem(
          at + "/min_baseline",
          "min_baseline",
          "a baseline above 0 below which a window is not judged, e.g. 20");
      return null;
    }
    Double surprise = null;
    if (node.has("surprise")) {
      surprise = number(node.get("surprise"), at + "/surprise");
      if (surprise == null) {
        return null;
      }
      if (!(surprise > 0 && surprise < 1)) {
        problem(
            at + "/surprise",
            "rate_of_change.surprise",
            "a probability between 0 and 1, e.g. 1e-5");
        return null;
      }
      if (against != Condition.RateOfChange.Baseline.PREVIOUS) {
        problem(
            at + "/surprise",
            "rate_of_change.surprise",
            "judges a share against the previous windows only (compared_to: previous)");
        return null;
      }
    }
    Boolean departures = flag(node, "departures", at, "departures");
    if (departures == null) {
      return null;
    }
    if (departures && surprise == null) {
      problem(
          at + "/departures",
          "departures",
          "needs a surprise: departures are judged on the counts");
      return null;
    }
    Duration dwell = null;
    if (node.has("dwell")) {
      dwell =
          givenDuration(
              node.get("dwell"),
              at + "/dwell",
              "how long what joins a queue waits before it can leave, e.g. 30m");
      if (dwell == null) {
        return null;
      }
      if (!departures || dwell.isZero()) {
        problem(
            at + "/dwell",
            "dwell",
            "how long what joins a queue waits before it can leave, e.g. 30m; only with"
                + " departures: true");
        return null;
      }
    }
    Duration lag = null;
    if (node.has("lag")) {
      lag =
          givenDuration(
              node.get("lag"), at + "/lag", "how long after the volume its hits come, e.g. 7m");
      if (lag == null) {
        return null;
      }
      if (surprise == null || departures || lag.isZero() || lag.compareTo(MAX_LAG) > 0) {
        problem(
            at + "/lag",
            "lag",
            "how long after the volume its hits come (orders some minutes after the sessions that"
                + " make them), e.g. 7m, at most 1h; only for a share judged on counts (with a surprise, not departures)");
        return null;
      }
    }
    Duration holdFor = duration(node.get("for"), at + "/for", Duration.ZERO);
    return holdFor == null
        ? null
        : new Condition.RateOfChange(
            against, windows, rise, fall, holdFor, minBaseline, surprise, departures, dwell, lag);
  }

  private Condition anomaly(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return new Condition.Anomaly(0.3, Duration.ZERO);
    }
    if (!keys(node, at, Set.of("sensitivity", "for"))) {
      return null;
    }
    double sensitivity = 0.3;
    if (node.has("sensitivity")) {
      Double s = number(node.get("sensitivity"), at + "/sensitivity");
      if (s == null || !(s > 0 && s < 1)) {
        problem(at + "/sensitivity", "sensitivity", "between 0 and 1 (higher alerts sooner)");
        return null;
      }
      sensitivity = s;
    }
    Duration holdFor = duration(node.get("for"), at + "/for", Duration.ZERO);
    return holdFor == null ? null : new Condition.Anomaly(sensitivity, holdFor);
  }

  private Condition signal(JsonNode node, String at) {
    String signal = text(node, at, true);
    if (signal != null && !JOB_SIGNALS.contains(signal)) {
      problem(at, "signal", "the jobs raise " + sorted(JOB_SIGNALS) + ", not '" + signal + "'");
      return null;
    }
    return signal == null ? null : new Condition.FromSignal(signal);
  }

  // ---- field readers --------------------------------------------------------------------

  private boolean keys(JsonNode node, String at, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      problem(at, field(at), "expected a mapping");
      return false;
    }
    boolean ok = true;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        problem(
            at + "/" + key,
            key,
            "unknown field (expected one of " + String.join(", ", sorted(allowed)) + ")");
        ok = false;
      }
    }
    return ok;
  }

  private String text(JsonNode node, String at, boolean required) {
    if (node == null || node.isNull()) {
      if (required) {
        problem(at, field(at), "required");
      }
      return null;
    }
    if (!node.isValueNode() || node.asText().isBlank()) {
      problem(at, field(at), "expected a text");
      return null;
    }
    return node.asText();
  }

  private Double number(JsonNode node, String at) {
    if (node == null || !node.isNumber()) {
      problem(at, field(at), "expected a number");
      return null;
    }
    return node.asDouble();
  }

  private int positiveInt(JsonNode node, String at, int fallback) {
    if (node == null) {
      return fallback;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1) {
      problem(at, field(at), "expected a whole number of at least 1");
      return fallback;
    }
    return node.asInt();
  }

  /** A duration that was given: null, with a problem, when it is not one (or nothing). */
  private Duration givenDuration(JsonNode node, String at, String expected) {
    if (node == null || node.isNull()) {
      problem(at, field(at), expected + ", not nothing");
      return null;
    }
    return duration(node, at, null);
  }

  private Duration duration(JsonNode node, String at, Duration fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    try {
      Duration d = Durations.parse(node.asText());
      if (d.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return d;
    } catch (IllegalArgumentException e) {
      problem(at, field(at), "not a duration: '" + node.asText() + "' (use e.g. 30s, 5m, 1h)");
      return null;
    }
  }

  private Severity severity(JsonNode node, String at) {
    String text = text(node, at, true);
    if (text == null) {
      return null;
    }
    try {
      return Severity.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problem(at, "severity", "info, warning or critical, not '" + text + "'");
      return null;
    }
  }

  private Map<String, String> stringMap(JsonNode node, String at) {
    Map<String, String> map = new TreeMap<>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      problem(at, field(at), "expected a mapping of names to values");
      return map;
    }
    node.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                map.put(e.getKey(), e.getValue().asText());
              } else {
                problem(at + "/" + e.getKey(), e.getKey(), "expected a text value");
              }
            });
    return map;
  }

  private Rule.Flapping flapping(JsonNode node, String at, Rule.Flapping fallback) {
    if (node == null) {
      return fallback;
    }
    if (!keys(node, at, Set.of("changes", "within"))) {
      return fallback;
    }
    int changes = positiveInt(node.get("changes"), at + "/changes", fallback.changes());
    Duration within = duration(node.get("within"), at + "/within", fallback.within());
    return new Rule.Flapping(changes, within == null ? fallback.within() : within);
  }

  private void problem(String pointer, String field, String message) {
    problems.add(new Problem(file, line(pointer), field, message));
  }

  /** The line of the field at {@code pointer}, or of its nearest enclosing field. */
  private int line(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 1;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  private static String field(String pointer) {
    return pointer.isEmpty() ? "(file)" : pointer.substring(pointer.lastIndexOf('/') + 1);
  }

  /** Where each field and value of the document starts, by JSON pointer. */
  private static Map<String, Integer> lineIndex(String yaml) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        JsonPointer pointer = parser.getParsingContext().pathAsPointer();
        lines.putIfAbsent(pointer.toString(), parser.currentTokenLocation().getLineNr());
      }
    }
    return lines;
  }

  private static String defaultSummary(String name, String kind) {
    return "{rule}: " + kind.replace('_', ' ') + " on {series} (value {value})";
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> sorted(Set<String> set) {
    return set.stream().sorted().toList();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  /** For tests and tools: the parsed rules as names to conditions. */
  static Map<String, Condition> conditions(RuleSet set) {
    Map<String, Condition> byName = new LinkedHashMap<>();
    set.rules().forEach(r -> byName.put(r.name(), r.condition()));
    return byName;
  }
}
