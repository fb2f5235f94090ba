package com.opsmon.api.responses;

import com.opsmon.store.query.AdHocQuery;
import com.opsmon.store.query.QueryResult;
import com.opsmon.store.query.QueryRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /api/v1/query} as JSON: the query as it ran (defaults filled in) and its rows in time
 * order, then by the grouped tags' values; {@code truncated} when more rows matched than {@code
 * limit}.
 *
 * @param aggregate {@code count}, {@code sum}, ..., {@code p95}; null for the points themselves
 * @param interval the time bucket; null for one bucket over the whole range
 */
public record QueryResponse(
    String kpi,
    Duration window,
    Instant from,
    Instant to,
    String aggregate,
    Duration interval,
    List<String> groupBy,
    int limit,
    boolean truncated,
    List<Row> rows) {

  /** A bucket (or a point): its start, the grouped tags (every tag of a point), the value. */
  public record Row(Instant time, Map<String, String> tags, double value) {}

  public static QueryResponse of(AdHocQuery query, QueryResult result) {
    return new QueryResponse(
        query.kpiName(),
        query.window(),
        query.from(),
        query.to(),
        query.aggregate().map(a -> a.label()).orElse(null),
        query.interval().orElse(null),
        query.groupBy(),
        query.limit(),
        result.truncated(),
        result.rows().stream().map(QueryResponse::row).toList());
  }

  private static Row row(QueryRow row) {
    return new Row(row.time(), new TreeMap<>(row.tags()), row.value());
  }
}
