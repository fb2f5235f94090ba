package com.opsmon.store.query;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes an {@link AdHocQuery} as QuestDB SQL with every value bound as a parameter; names come
 * only from the KPI registry and are quoted. Each point falls in the time bucket {@code
 * (microseconds since the epoch / interval) * interval}, aligned to the epoch as InfluxQL's {@code
 * GROUP BY time()} is; without an interval everything falls in one bucket. The percentile ranks
 * each bucket's values with window functions and keeps the nearest-rank one (see {@link
 * Aggregate}).
 *
 * <p>Columns of the answer: {@code bucket} (microseconds; absent without an aggregate, where {@code
 * t} is the point's time and {@code series} its tags), one per grouped tag, {@code v}, and {@code
 * n}, the points in the group (0 when nothing matched a query without groups).
 */
public final class QuestDbSqlTranslator {
  /** Divides every timestamp into bucket 0: one bucket over the whole range. */
  static final long ONE_BUCKET = Long.MAX_VALUE;

  private QuestDbSqlTranslator() {}

  public static SqlStatement translate(AdHocQuery query) {
    List<Object> params = new ArrayList<>();
    if (query.aggregate().isEmpty()) {
      String sql =
          "SELECT CAST(timestamp AS LONG) AS t, series, value AS v FROM kpi"
              + where(query, params)
              + " ORDER BY t, series LIMIT "
              + (query.limit() + 1);
      return new SqlStatement(sql, params);
    }
    Aggregate aggregate = query.aggregate().get();
    long interval = query.interval().map(i -> i.toNanos() / 1000).orElse(ONE_BUCKET);
    // ", "a", "b"": the grouped tags, each after a comma
    String groups =
        query.groupBy().stream().map(tag -> ", " + identifier(tag)).collect(Collectors.joining());
    String points =
        "SELECT (CAST(timestamp AS LONG) / CAST(? AS LONG)) * CAST(? AS LONG) AS bucket"
            + groups
            + ", value FROM kpi";
    params.add(interval);
    params.add(interval);
    points += where(query, params);
    String order = " ORDER BY bucket" + groups + " LIMIT " + (query.limit() + 1);
    if (aggregate.function() == Aggregate.Function.PERCENTILE) {
      String partition = "PARTITION BY bucket" + groups;
      String sql =
          "SELECT bucket"
              + groups
              + ", value AS v, n FROM (SELECT bucket"
              + groups
              + ", value, row_number() OVER ("
              + partition
              + " ORDER BY value) AS rn, count(*) OVER ("
              + partition
              + ") AS n FROM ("
              + points
              + ")) WHERE rn = floor(n * CAST(? AS DOUBLE) / 100.0 + 0.5)"
              + order;
      params.add(aggregate.percentile());
      return new SqlStatement(sql, params);
    }
    String sql =
        "SELECT bucket"
            + groups
            + ", "
            + function(aggregate)
            + " AS v, count(*) AS n FROM ("
            + points
            + ") GROUP BY bucket"
            + groups
            + order;
    return new SqlStatement(sql, params);
  }

  private static String where(AdHocQuery query, List<Object> params) {
    StringBuilder w =
        new StringBuilder(" WHERE kpi = ? AND window = ?")
            .append(" AND timestamp >= CAST(? AS TIMESTAMP) AND timestamp < CAST(? AS TIMESTAMP)");
    params.add(query.kpiName());
    params.add(query.window().toString());
    params.add(micros(query.from()));
    params.add(micros(query.to()));
    for (TagFilter f : query.filters()) {
      String tag = identifier(f.tag());
      switch (f.op()) {
        case EQ -> w.append(" AND ").append(tag).append(" = ?");
        case NOT_EQ -> w.append(" AND ").append(tag).append(" != ?");
        case IN ->
            w.append(" AND ")
                .append(tag)
                .append(
                    f.values().stream()
                        .map(v -> "?")
                        .collect(Collectors.joining(", ", " IN (", ")")));
      }
      params.addAll(f.values());
    }
    return w.toString();
  }

  private static String function(Aggregate aggregate) {
    return switch (aggregate.function()) {
      case COUNT -> "count(value)";
      case SUM -> "sum(value)";
      case MEAN -> "avg(value)";
      case MIN -> "min(value)";
      case MAX -> "max(value)";
      case PERCENTILE -> throw new IllegalArgumentException("percentile is ranked, not grouped");
    };
  }

  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  /** A quoted identifier; the names here come from the registry, quoting is a second guard. */
  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
