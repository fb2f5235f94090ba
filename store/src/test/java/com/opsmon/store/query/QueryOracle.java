package com.opsmon.store.query;

import com.opsmon.model.kpi.KpiPoint;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a query must answer, computed in plain Java straight from its definition over the points a
 * test wrote: the reference both stores are held to.
 */
final class QueryOracle {
  private QueryOracle() {}

  static QueryResult answer(AdHocQuery query, List<KpiPoint> points) {
    List<KpiPoint> matching =
        points.stream()
            .filter(p -> p.kpi().equals(query.kpiName()) && p.window().equals(query.window()))
            .filter(
                p ->
                    !p.windowStart().isBefore(query.from()) && p.windowStart().isBefore(query.to()))
            .filter(p -> query.filters().stream().allMatch(f -> passes(f, p.tags())))
            .toList();
    List<QueryRow> rows = new ArrayList<>();
    if (query.aggregate().isEmpty()) {
      matching.forEach(p -> rows.add(new QueryRow(p.windowStart(), p.tags(), p.value())));
      rows.sort(
          Comparator.comparing(QueryRow::time)
              .thenComparing(r -> new TreeMap<>(r.tags()).toString()));
    } else {
      Map<List<Object>, List<Double>> buckets = new LinkedHashMap<>();
      for (KpiPoint p : matching) {
        List<Object> key = new ArrayList<>();
        key.add(bucket(query, p.windowStart()));
        query.groupBy().forEach(tag -> key.add(p.tags().get(tag)));
        buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(p.value());
      }
      buckets.forEach(
          (key, values) -> {
            Double value = aggregate(query.aggregate().get(), values);
            if (value != null) {
              Map<String, String> tags = new HashMap<>();
              for (int i = 0; i < query.groupBy().size(); i++) {
                tags.put(query.groupBy().get(i), (String) key.get(i + 1));
              }
              rows.add(new QueryRow((Instant) key.get(0), tags, value));
            }
          });
      Comparator<QueryRow> order = Comparator.comparing(QueryRow::time);
      for (String tag : query.groupBy()) {
        order = order.thenComparing(r -> r.tags().get(tag));
      }
      rows.sort(order);
    }
    boolean truncated = rows.size() > query.limit();
    return new QueryResult(truncated ? rows.subList(0, query.limit()) : rows, truncated);
  }

  private static boolean passes(TagFilter f, Map<String, String> tags) {
    String value = tags.get(f.tag());
    return switch (f.op()) {
      case EQ -> Objects.equals(value, f.values().get(0));
      case IN -> f.values().contains(value);
      case NOT_EQ -> value != null && !value.equals(f.values().get(0));
    };
  }

  private static Instant bucket(AdHocQuery query, Instant time) {
    if (query.interval().isEmpty()) {
      return query.from();
    }
    long size = query.interval().get().toNanos() / 1000;
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, time);
    return Instant.EPOCH.plus(Math.floorDiv(micros, size) * size, ChronoUnit.MICROS);
  }

  private static Double aggregate(Aggregate aggregate, List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return switch (aggregate.function()) {
      case COUNT -> (double) values.size();
      case SUM -> values.stream().mapToDouble(Double::doubleValue).sum();
      case MEAN -> values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      case MIN -> sorted.get(0);
      case MAX -> sorted.get(sorted.size() - 1);
      case PERCENTILE -> {
        int rank = (int) Math.floor(values.size() * aggregate.percentile() / 100.0 + 0.5);
        yield rank < 1 || rank > values.size() ? null : sorted.get(rank - 1);
      }
    };
  }
}
