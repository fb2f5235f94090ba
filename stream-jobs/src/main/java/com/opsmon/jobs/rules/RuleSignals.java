package com.opsmon.jobs.rules;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.rules.Rule;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a rule's verdict on a series into the alert signal receivers see. */
final class RuleSignals {
  private static final Pattern FIELD = Pattern.compile("\\{([a-z_]+)\\}");

  private RuleSignals() {}

  /** The labels of a rule's alert on a series: the series' tags, then the rule's own labels. */
  static Map<String, String> labels(Rule rule, Map<String, String> tags) {
    Map<String, String> labels = new TreeMap<>(tags);
    labels.putAll(rule.labels());
    return labels;
  }

  static AlertSignal signal(
      Rule rule,
      Map<String, String> tags,
      RuleLogic.Change change,
      long firingSince,
      String series) {
    Map<String, String> labels = labels(rule, tags);
    if (change.flapping()) {
      labels.put("flapping", "true");
    }
    String summary = render(rule, tags, change, series);
    if (change.flapping()) {
      summary = "flapping: " + summary + " (changed state too often; quiet until it settles)";
    }
    return new AlertSignal(
        rule.name(),
        labels,
        change.firing() ? AlertStatus.FIRING : AlertStatus.RESOLVED,
        rule.severity(),
        summary,
        Double.isNaN(change.value()) ? null : change.value(),
        change.expected(),
        Instant.ofEpochMilli(change.firing() ? change.at() : firingSince),
        change.firing() ? null : Instant.ofEpochMilli(change.at()),
        rule.runbook());
  }

  /** The rule's summary with {rule}, {value}, {expected}, {series} and each {tag} filled in. */
  static String render(
      Rule rule, Map<String, String> tags, RuleLogic.Change change, String series) {
    Matcher m = FIELD.matcher(rule.summary());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String field = m.group(1);
      String value =
          switch (field) {
            case "rule" -> rule.name();
            case "value" -> Double.isNaN(change.value()) ? "none" : format(change.value());
            case "expected" -> change.expected() == null ? "unknown" : change.expected();
            case "series" -> series.isEmpty() ? KpiDefinition.ALL : series;
            default -> tags.getOrDefault(field, rule.labels().getOrDefault(field, m.group()));
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : "%.4g".formatted(v);
  }
}
