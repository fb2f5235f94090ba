package com.opsmon.store.query;

import com.opsmon.store.KpiSchema;
import java.math.BigDecimal;
import java.util.stream.Collectors;

/**
 * Writes an {@link AdHocQuery} as one InfluxQL statement. InfluxQL has no bind parameters (and the
 * client sends none), so every value is a string literal escaped as InfluxQL's scanner reads it
 * ({@code \\} and {@code \'}; control characters are refused before this); names come only from the
 * KPI registry and are quoted anyway. {@code in} becomes a disjunction of equalities; never a
 * regular expression.
 *
 * <p>Each group is a series of the answer, limited to {@code limit + 1} rows; merging the series by
 * time and cutting at the limit gives exactly the first rows of the whole answer, as SQL's {@code
 * ORDER BY ... LIMIT} does.
 */
public final class InfluxQlTranslator {
  private InfluxQlTranslator() {}

  public static String translate(AdHocQuery query) {
    StringBuilder q = new StringBuilder("SELECT ");
    if (query.aggregate().isPresent()) {
      q.append(function(query.aggregate().get())).append(" AS \"v\"");
    } else {
      q.append(identifier(KpiSchema.VALUE));
    }
    q.append(" FROM ").append(identifier(KpiSchema.MEASUREMENT));
    q.append(" WHERE ")
        .append(identifier(KpiSchema.KPI))
        .append(" = ")
        .append(literal(query.kpiName()))
        .append(" AND ")
        .append(identifier(KpiSchema.WINDOW))
        .append(" = ")
        .append(literal(query.window().toString()))
        .append(" AND time >= ")
        .append(query.from().toEpochMilli())
        .append("ms AND time < ")
        .append(query.to().toEpochMilli())
        .append("ms");
    for (TagFilter f : query.filters()) {
      q.append(" AND ").append(condition(f));
    }
    if (query.aggregate().isPresent()) {
      StringBuilder groups = new StringBuilder();
      query.interval().ifPresent(i -> groups.append("time(").append(i.toMillis()).append("ms)"));
      for (String tag : query.groupBy()) {
        groups.append(groups.length() > 0 ? ", " : "").append(identifier(tag));
      }
      if (groups.length() > 0) {
        q.append(" GROUP BY ").append(groups);
      }
      if (query.interval().isPresent()) {
        q.append(" fill(none)");
      }
    } else {
      q.append(" GROUP BY ").append(identifier(KpiSchema.SERIES));
    }
    q.append(" LIMIT ").append(query.limit() + 1);
    return q.toString();
  }

  private static String function(Aggregate aggregate) {
    String value = identifier(KpiSchema.VALUE);
    return switch (aggregate.function()) {
      case COUNT -> "COUNT(" + value + ")";
      case SUM -> "SUM(" + value + ")";
      case MEAN -> "MEAN(" + value + ")";
      case MIN -> "MIN(" + value + ")";
      case MAX -> "MAX(" + value + ")";
      case PERCENTILE ->
          "PERCENTILE("
              + value
              + ", "
              + BigDecimal.valueOf(aggregate.percentile()).toPlainString()
              + ")";
    };
  }

  private static String condition(TagFilter f) {
    String tag = identifier(f.tag());
    return switch (f.op()) {
      case EQ -> tag + " = " + literal(f.values().get(0));
      case NOT_EQ -> tag + " != " + literal(f.values().get(0));
      case IN ->
          f.values().stream()
              .map(v -> tag + " = " + literal(v))
              .collect(Collectors.joining(" OR ", "(", ")"));
    };
  }

  /** A string literal as InfluxQL reads it back to exactly {@code value}. */
  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A quoted identifier; the names here come from the registry, quoting is a second guard. */
  static String identifier(String name) {
    return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
