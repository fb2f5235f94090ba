package com.opsmon.store.query;

import java.util.List;

/** A query's rows in time order, then by the grouped tags' values; truncated at its limit. */
public record QueryResult(List<QueryRow> rows, boolean truncated) {
  public QueryResult {
    rows = List.copyOf(rows);
  }
}
