package com.opsmon.store;

import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which points of one KPI to read: windows of the given size starting in {@code [from, to)}, whose
 * tags include all of {@code tags}.
 */
public record KpiQuery(
    String kpi, Duration window, Instant from, Instant to, Map<String, String> tags) {

  /** The KPI's points in its primary window (a minute for most). */
  public KpiQuery(String kpi, Instant from, Instant to, Map<String, String> tags) {
    this(
        kpi,
        KpiCatalog.find(kpi).map(KpiDefinition::window).orElse(KpiCatalog.MINUTE),
        from,
        to,
        tags);
  }

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public KpiQuery {
    tags = Map.copyOf(tags);
    if (!NAME.matcher(kpi).matches()) {
      throw new IllegalArgumentException("not a KPI name: '" + kpi + "'");
    }
    for (String tag : tags.keySet()) {
      if (!NAME.matcher(tag).matches() || KpiSchema.RESERVED.contains(tag)) {
        throw new IllegalArgumentException("not a tag name: '" + tag + "'");
      }
    }
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("'from' must be before 'to'");
    }
  }
}
