package com.opsmon.store.query;

import com.opsmon.model.kpi.SeriesKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a store's rows into the answer's order (time, then the grouped tags' values in {@code
 * groupBy} order, or the series without an aggregate) and cuts them at the query's limit: the same
 * rows in the same order whichever store answered.
 */
public final class QueryRows {
  private QueryRows() {}

  public static Comparator<QueryRow> order(AdHocQuery query) {
    Comparator<QueryRow> byTime = Comparator.comparing(QueryRow::time);
    if (query.aggregate().isEmpty()) {
      return byTime.thenComparing(row -> SeriesKey.encode(row.tags()));
    }
    for (String tag : query.groupBy()) {
      byTime = byTime.thenComparing(row -> row.tags().getOrDefault(tag, ""));
    }
    return byTime;
  }

  public static QueryResult finish(AdHocQuery query, List<QueryRow> rows) {
    List<QueryRow> sorted = new ArrayList<>(rows);
    sorted.sort(order(query));
    boolean truncated = sorted.size() > query.limit();
    return new QueryResult(truncated ? sorted.subList(0, query.limit()) : sorted, truncated);
  }
}
