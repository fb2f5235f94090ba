package com.opsmon.api.responses;

import com.opsmon.store.query.AdHocQuery;
import com.opsmon.store.query.QueryResult;
import com.opsmon.store.query.QueryRow;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/query} as CSV (RFC 4180, CRLF line ends): a header {@code time}, the grouped
 * tags (every tag of the KPI for points), then the aggregate's name or {@code value}; one line per
 * row. A field holding a comma, a quote or a line break is quoted with its quotes doubled, so any
 * tag value reads back exactly.
 */
public final class QueryCsv {
  private QueryCsv() {}

  public static String write(AdHocQuery query, QueryResult result) {
    List<String> tags = query.aggregate().isPresent() ? query.groupBy() : query.kpi().tags();
    StringBuilder csv = new StringBuilder();
    List<String> header = new ArrayList<>();
    header.add("time");
    header.addAll(tags);
    header.add(query.aggregate().map(a -> a.label()).orElse("value"));
    line(csv, header);
    for (QueryRow row : result.rows()) {
      List<String> fields = new ArrayList<>();
      fields.add(row.time().toString());
      tags.forEach(tag -> fields.add(row.tags().getOrDefault(tag, "")));
      fields.add(number(row.value()));
      line(csv, fields);
    }
    return csv.toString();
  }

  private static void line(StringBuilder csv, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(field(fields.get(i)));
    }
    csv.append("\r\n");
  }

  static String field(String value) {
    if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /** Whole numbers without a fraction (counts read as 12, not 12.0); others as Java prints them. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
