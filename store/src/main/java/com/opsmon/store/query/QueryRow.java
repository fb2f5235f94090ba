package com.opsmon.store.query;

import java.time.Instant;
import java.util.Map;

/**
 * One row of a query's answer: a bucket's start (the range's start when the query has no interval;
 * the window start of a point when it has no aggregate), the values of the grouped tags (every tag
 * of the point when it has no aggregate), and the value.
 */
public record QueryRow(Instant time, Map<String, String> tags, double value) {
  public QueryRow {
    tags = Map.copyOf(tags);
  }
}
