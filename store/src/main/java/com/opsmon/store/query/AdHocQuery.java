package com.opsmon.store.query;

import com.opsmon.model.kpi.KpiDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A checked ad-hoc query of one KPI: its points in windows of {@code window} starting in {@code
 * [from, to)} that pass every filter, optionally aggregated per time bucket of {@code interval} (or
 * over the whole range) and per value of the {@code groupBy} tags, at most {@code limit} rows. Only
 * {@link QuerySpec#validate} makes one, so every name in it is a KPI or tag of the registry and
 * every bound holds; the translators may rely on that.
 *
 * @param timeout how long the store may take before the query is stopped
 * @param filters the asked-for filters, then those the query adds: a totalled tag neither filtered
 *     nor grouped reads its total ({@code = 'all'}); a totalled tag grouped but not filtered leaves
 *     its total out ({@code != 'all'}), so no point is counted twice
 */
public record AdHocQuery(
    KpiDefinition kpi,
    Duration window,
    Instant from,
    Instant to,
    List<TagFilter> filters,
    Optional<Aggregate> aggregate,
    Optional<Duration> interval,
    List<String> groupBy,
    int limit,
    Duration timeout) {

  public AdHocQuery {
    filters = List.copyOf(filters);
    groupBy = List.copyOf(groupBy);
  }

  public String kpiName() {
    return kpi.name();
  }
}
