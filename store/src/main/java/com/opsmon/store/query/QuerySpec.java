package com.opsmon.store.query;

import com.opsmon.model.config.Durations;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.store.KpiSchema;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An ad-hoc query as a client writes it ({@code POST /api/v1/query}), not yet checked. {@link
 * #validate} checks every name against the KPI registry and every bound, and lists every problem at
 * once.
 *
 * @param kpi a KPI of the registry
 * @param window the KPI's window to read ({@code PT5M} or {@code 5m}); its primary one if absent
 * @param from ISO-8601 instant; an hour before {@code to} if absent
 * @param to ISO-8601 instant, exclusive; now if absent
 * @param where filters on the KPI's tags
 * @param aggregate {@code count}, {@code sum}, {@code mean}, {@code min}, {@code max}, {@code
 *     percentile} (with {@code percentile}) or {@code p95}-style; absent: the points themselves
 * @param percentile for {@code aggregate: percentile}, in (0, 100]
 * @param interval bucket size of the grouping by time, a multiple of the window; absent: one bucket
 *     over the whole range
 * @param groupBy tags whose values each make a group of their own
 * @param limit the most rows to return
 */
public record QuerySpec(
    String kpi,
    String window,
    String from,
    String to,
    List<Filter> where,
    String aggregate,
    Double percentile,
    String interval,
    List<String> groupBy,
    Integer limit) {

  /** {@code {"tag": "region", "op": "=", "value": "eu"}} or {@code "op": "in", "values": [...]}. */
  public record Filter(String tag, String op, String value, List<String> values) {}

  /** Dates outside these are refused rather than left to each store to read its own way. */
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  static final Duration DEFAULT_RANGE = Duration.ofHours(1);
  private static final int ECHO = 64;

  /** The checked query, or {@link InvalidQueryException} listing every problem. */
  public AdHocQuery validate(QueryLimits limits, Instant now) {
    List<String> problems = new ArrayList<>();
    if (kpi == null || kpi.isBlank()) {
      throw new InvalidQueryException(
          List.of("'kpi' must name a KPI; GET /api/v1/kpis lists them"));
    }
    Optional<KpiDefinition> found = KpiCatalog.find(kpi);
    if (found.isEmpty()) {
      throw new InvalidQueryException(
          List.of(
              "unknown KPI '"
                  + echo(kpi)
                  + "'; known: "
                  + KpiCatalog.all().stream()
                      .map(KpiDefinition::name)
                      .collect(Collectors.joining(", "))));
    }
    KpiDefinition definition = found.get();

    Duration windowSize = definition.window();
    if (window != null) {
      Optional<Duration> w = duration("window", window, problems);
      if (w.isPresent() && !definition.windows().contains(w.get())) {
        problems.add(
            "'window' "
                + w.get()
                + ": "
                + definition.name()
                + " is computed for the windows "
                + definition.windows());
      } else if (w.isPresent()) {
        windowSize = w.get();
      }
    }

    Optional<Instant> parsedTo = to == null ? Optional.of(now) : instant("to", to, problems);
    Instant end = parsedTo.orElse(now);
    Optional<Instant> parsedFrom =
        from == null ? Optional.of(end.minus(DEFAULT_RANGE)) : instant("from", from, problems);
    Instant start = parsedFrom.orElse(end.minus(DEFAULT_RANGE));
    if (parsedTo.isPresent() && parsedFrom.isPresent() && !start.isBefore(end)) {
      problems.add("'from' (" + start + ") must be before 'to' (" + end + ")");
    }
    Duration maxRange = limits.maxRangeFor(windowSize);
    if (start.isBefore(end) && Duration.between(start, end).compareTo(maxRange) > 0) {
      problems.add(
          "the range from 'from' to 'to' may span at most "
              + maxRange.toDays()
              + " days for "
              + windowSize
              + " windows; ask for a longer window or a shorter range");
    }

    List<TagFilter> filters = new ArrayList<>();
    Set<String> filtered = new HashSet<>();
    for (Filter f : where == null ? List.<Filter>of() : where) {
      if (f == null) {
        problems.add("'where' has an empty filter");
        continue;
      }
      if (!tag(definition, "where", f.tag(), problems)) {
        continue;
      }
      if (!filtered.add(f.tag())) {
        problems.add("'where' filters tag '" + f.tag() + "' twice; use one 'in' filter");
        continue;
      }
      filter(f, limits, problems).ifPresent(filters::add);
    }

    Optional<Aggregate> agg = Optional.empty();
    if (aggregate != null) {
      agg = aggregate(problems);
    } else if (percentile != null) {
      problems.add("'percentile' goes with \"aggregate\": \"percentile\"");
    }

    Optional<Duration> bucket = Optional.empty();
    if (interval != null) {
      if (agg.isEmpty()) {
        problems.add("'interval' groups by time, which needs an 'aggregate'");
      }
      bucket = duration("interval", interval, problems);
      if (bucket.isPresent()) {
        Duration i = bucket.get();
        if (i.compareTo(windowSize) < 0 || i.toMillis() % windowSize.toMillis() != 0) {
          problems.add("'interval' must be a whole multiple of the window (" + windowSize + ")");
        } else if (start.isBefore(end)
            && Duration.between(start, end).dividedBy(i) >= limits.maxBuckets()) {
          problems.add(
              "'interval' "
                  + i
                  + " makes more than "
                  + limits.maxBuckets()
                  + " buckets over the range; ask for a longer one");
        }
      }
    }

    List<String> groups = new ArrayList<>();
    if (groupBy != null) {
      if (agg.isEmpty() && !groupBy.isEmpty()) {
        problems.add("'groupBy' needs an 'aggregate'");
      }
      Set<String> seen = new LinkedHashSet<>();
      for (String g : groupBy) {
        if (tag(definition, "groupBy", g, problems) && !seen.add(g)) {
          problems.add("'groupBy' names '" + g + "' twice");
        }
      }
      groups.addAll(seen);
    }

    int rows = limits.defaultLimit();
    if (limit != null) {
      if (limit < 1 || limit > limits.maxLimit()) {
        problems.add("'limit' must be between 1 and " + limits.maxLimit());
      } else {
        rows = limit;
      }
    }

    if (!problems.isEmpty()) {
      throw new InvalidQueryException(problems);
    }
    for (String t : definition.totalled()) {
      if (!filtered.contains(t)) {
        filters.add(
            groups.contains(t)
                ? TagFilter.notEq(t, KpiDefinition.ALL)
                : TagFilter.eq(t, KpiDefinition.ALL));
      }
    }
    return new AdHocQuery(
        definition, windowSize, start, end, filters, agg, bucket, groups, rows, limits.timeout());
  }

  private static boolean tag(KpiDefinition kpi, String field, String tag, List<String> problems) {
    if (tag == null || !kpi.tags().contains(tag) || KpiSchema.RESERVED.contains(tag)) {
      problems.add(
          "'"
              + field
              + "': '"
              + echo(String.valueOf(tag))
              + "' is not a tag of "
              + kpi.name()
              + "; its tags are "
              + kpi.tags());
      return false;
    }
    return true;
  }

  private static Optional<TagFilter> filter(Filter f, QueryLimits limits, List<String> problems) {
    String op = f.op() == null ? "=" : f.op().trim().toLowerCase(Locale.ROOT);
    List<String> values;
    TagFilter.Op kind;
    switch (op) {
      case "=", "eq" -> {
        if (f.value() == null || f.values() != null) {
          problems.add("filter on '" + f.tag() + "': '=' takes one 'value'");
          return Optional.empty();
        }
        values = List.of(f.value());
        kind = TagFilter.Op.EQ;
      }
      case "in" -> {
        if (f.values() == null || f.values().isEmpty() || f.value() != null) {
          problems.add("filter on '" + f.tag() + "': 'in' takes a list of 'values'");
          return Optional.empty();
        }
        if (f.values().size() > limits.maxValues()) {
          problems.add(
              "filter on '"
                  + f.tag()
                  + "': 'in' may list at most "
                  + limits.maxValues()
                  + " values");
          return Optional.empty();
        }
        values =
            List.copyOf(
                new LinkedHashSet<>(f.values().stream().map(v -> v == null ? "" : v).toList()));
        kind = TagFilter.Op.IN;
      }
      default -> {
        problems.add(
            "filter on '" + f.tag() + "': unknown op '" + echo(f.op()) + "'; use '=' or 'in'");
        return Optional.empty();
      }
    }
    boolean ok = true;
    for (String v : values) {
      if (v.isEmpty()) {
        problems.add("filter on '" + f.tag() + "': a value may not be empty");
        ok = false;
      } else if (v.length() > limits.maxValueLength()) {
        problems.add(
            "filter on '"
                + f.tag()
                + "': a value may be at most "
                + limits.maxValueLength()
                + " characters");
        ok = false;
      } else if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        problems.add("filter on '" + f.tag() + "': a value may not hold control characters");
        ok = false;
      }
    }
    return ok ? Optional.of(new TagFilter(f.tag(), kind, values)) : Optional.empty();
  }

  private Optional<Aggregate> aggregate(List<String> problems) {
    String name = aggregate.trim().toLowerCase(Locale.ROOT);
    try {
      switch (name) {
        case "count":
          return Optional.of(Aggregate.of(Aggregate.Function.COUNT));
        case "sum":
          return Optional.of(Aggregate.of(Aggregate.Function.SUM));
        case "mean", "avg":
          return Optional.of(Aggregate.of(Aggregate.Function.MEAN));
        case "min":
          return Optional.of(Aggregate.of(Aggregate.Function.MIN));
        case "max":
          return Optional.of(Aggregate.of(Aggregate.Function.MAX));
        case "percentile":
          if (percentile == null) {
            problems.add("\"aggregate\": \"percentile\" needs 'percentile', e.g. 95");
            return Optional.empty();
          }
          return Optional.of(Aggregate.percentile(percentile));
        default:
          if (name.matches("p\\d{1,3}(\\.\\d{1,6})?") && percentile == null) {
            return Optional.of(Aggregate.percentile(Double.parseDouble(name.substring(1))));
          }
      }
    } catch (IllegalArgumentException e) {
      problems.add("'percentile' must lie in (0, 100]");
      return Optional.empty();
    }
    problems.add(
        "unknown 'aggregate' '"
            + echo(aggregate)
            + "'; use count, sum, mean, min, max, percentile or p95-style");
    return Optional.empty();
  }

  private static Optional<Duration> duration(String field, String text, List<String> problems) {
    try {
      Duration d = Durations.parse(text);
      if (d.isNegative() || d.isZero()) {
        problems.add("'" + field + "' must be positive");
        return Optional.empty();
      }
      return Optional.of(d);
    } catch (IllegalArgumentException e) {
      problems.add("'" + field + "' must be a duration such as PT5M or 5m");
      return Optional.empty();
    }
  }

  private static Optional<Instant> instant(String field, String text, List<String> problems) {
    try {
      Instant t = Instant.parse(text.trim());
      if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
        problems.add("'" + field + "' must lie between " + EARLIEST + " and " + LATEST);
        return Optional.empty();
      }
      return Optional.of(t);
    } catch (DateTimeParseException e) {
      problems.add("'" + field + "' must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
      return Optional.empty();
    }
  }

  /** A client's text in a message, cut short: a huge value must not make a huge answer. */
  private static String echo(String text) {
    if (text == null) {
      return "null";
    }
    return text.length() <= ECHO ? text : text.substring(0, ECHO) + "…";
  }
}
