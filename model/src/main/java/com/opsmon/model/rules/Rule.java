package com.opsmon.model.rules;

import com.opsmon.model.alerts.Severity;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert rule of the rules file: which KPI series it watches, what counts as trouble, and what
 * the alert says.
 *
 * @param kpi the KPI watched (null for a rule on a job's own signal)
 * @param window the KPI's window the rule reads
 * @param where tag filters: a value, or {@code *} for every value (each its own alert); totalled
 *     tags left out read their total ({@code all})
 * @param summary a template: {@code {value}}, {@code {rule}} and each tag as {@code {region}}
 * @param maxSeries alerts tracked at most; further series are folded and reported once
 * @param minVolume when given, a window is judged only when the same series of another KPI (a count
 *     such as orders) reached a volume in it: a ratio of a handful of events is noise
 * @param groupBy when given, one alert per group of series with the same values of these tags (an
 *     empty list: one alert for all the rule's series): a series that fires while another of its
 *     group is firing joins that alert instead of raising its own, and the alert resolves when the
 *     last of them does. Null: one alert per series.
 * @param unless when given, a window in which the same series of another KPI is above a value is
 *     not judged: the trouble is another rule's to page (conversion falls when payments fail)
 * @param needsData when given, a window is judged only when the data the series is made of was
 *     arriving in it: a region whose feed stops is its feed rule's to page, not every rule's
 */
public record Rule(
    String name,
    String kpi,
    Duration window,
    Map<String, String> where,
    Severity severity,
    Map<String, String> labels,
    String summary,
    String runbook,
    Condition condition,
    Flapping flapping,
    int maxSeries,
    MinVolume minVolume,
    List<String> groupBy,
    Unless unless,
    NeedsData needsData)
    implements Serializable {

  public Rule {
    where = Map.copyOf(where);
    labels = Map.copyOf(labels);
    groupBy = groupBy == null ? null : List.copyOf(groupBy);
  }

  /** A rule without a minimum volume. */
  public Rule(
      String name,
      String kpi,
      Duration window,
      Map<String, String> where,
      Severity severity,
      Map<String, String> labels,
      String summary,
      String runbook,
      Condition condition,
      Flapping flapping,
      int maxSeries) {
    this(
        name, kpi, window, where, severity, labels, summary, runbook, condition, flapping,
        maxSeries, null, null, null, null);
  }

  /** The group a series with these tags alerts in, or null when each series alerts alone. */
  public String groupOf(Map<String, String> tags) {
    if (groupBy == null) {
      return null;
    }
    StringBuilder group = new StringBuilder();
    for (String tag : groupBy) {
      group.append(tag).append('=').append(tags.getOrDefault(tag, "")).append(';');
    }
    return group.toString();
  }

  /**
   * Judge a window of a series only when {@code kpi} (a KPI with the same tags, read at the same
   * window) counted at least {@code atLeast} for that series in it; other windows are as if the
   * series had no point.
   *
   * @param pool whether thinner windows are pooled instead: held until those of the last few
   *     windows reach {@code atLeast} together, then judged as one, on the median of their values
   *     weighed by their volumes (a quiet service's calls, one a minute, judged a few at a time)
   */
  public record MinVolume(String kpi, double atLeast, boolean pool) implements Serializable {
    public MinVolume(String kpi, double atLeast) {
      this(kpi, atLeast, false);
    }
  }

  /**
   * Do not judge a window in which {@code kpi} (a KPI with the same tags, read at the same window)
   * was above {@code above} for that series.
   */
  public record Unless(String kpi, double above) implements Serializable {}

  /**
   * Judge a window of a series only when {@code kpi} had a point in it for the series' values of
   * the tags {@code on} (the tags both KPIs have), its other tags as {@code where} fixes them: e.g.
   * {@code events_in} of {@code source=storefront} in the series' region.
   */
  public record NeedsData(String kpi, Map<String, String> where, List<String> on)
      implements Serializable {
    public NeedsData {
      where = Map.copyOf(where);
      on = List.copyOf(on);
    }

    /** What copies of {@code kpi}'s points are marked with: the KPI and the filter. */
    public String key() {
      return kpi + new TreeMap<>(where);
    }

    /** Whether a point of {@code kpi} with these tags is one of the data this guard reads. */
    public boolean admits(Map<String, String> tags) {
      for (Map.Entry<String, String> e : where.entrySet()) {
        if (!e.getValue().equals(tags.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }

    /** The tags of a series (of either KPI) this guard matches on. */
    public Map<String, String> shared(Map<String, String> tags) {
      Map<String, String> shared = new TreeMap<>();
      for (String tag : on) {
        shared.put(tag, tags.getOrDefault(tag, ""));
      }
      return shared;
    }
  }

  /** A rule that changes state more than {@code changes} times within {@code within} flaps. */
  public record Flapping(int changes, Duration within) implements Serializable {
    public static final Flapping DEFAULT = new Flapping(4, Duration.ofMinutes(30));
  }

  public static final int DEFAULT_MAX_SERIES = 500;
}
