package com.opsmon.api.handlers;

import com.opsmon.api.responses.KpiSeriesResponse;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The KPI catalogue and KPI series, read from the store. */
public final class KpiHandlers {
  /** Per-minute points of one series over a month are ~45k; beyond that, ask for less. */
  static final Duration MAX_RANGE = Duration.ofDays(31);

  static final Duration DEFAULT_RANGE = Duration.ofHours(1);
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  private static final Set<String> RESERVED_PARAMS = Set.of("from", "to", "window");

  /** A tag filter meaning "every value, each its own series" rather than the total. */
  static final String ANY = "*";

  private final KpiReader reader;
  private final Clock clock;

  public KpiHandlers(KpiReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  private static Instant within(Instant t, String name) {
    if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
      throw new BadRequestResponse(
          "'" + name + "' must lie between " + EARLIEST + " and " + LATEST);
    }
    return t;
  }

  /**
   * {@code GET /api/v1/kpis}: every KPI with its meaning, unit, tags (and those it is totalled
   * over), windows and an example.
   */
  public void catalog(Context ctx) {
    ctx.json(Map.of("kpis", KpiCatalog.all()));
  }

  /**
   * {@code GET /api/v1/kpis/{kpi}?from=&to=&window=PT5M&<tag>=<value>}. A totalled tag left out
   * reads its total ({@code all}); {@code <tag>=*} reads every value as its own series.
   */
  public void series(Context ctx) {
    String name = ctx.pathParam("kpi");
    KpiDefinition kpi =
        KpiCatalog.find(name)
            .orElseThrow(
                () ->
                    new NotFoundResponse(
                        "unknown KPI '"
                            + name
                            + "'; known: "
                            + KpiCatalog.all().stream()
                                .map(KpiDefinition::name)
                                .collect(Collectors.joining(", "))));
    Instant to =
        within(ctx.queryParamAsClass("to", Instant.class).getOrDefault(clock.instant()), "to");
    Instant from =
        within(
            ctx.queryParamAsClass("from", Instant.class).getOrDefault(to.minus(DEFAULT_RANGE)),
            "from");
    if (!from.isBefore(to)) {
      throw new BadRequestResponse("'from' (" + from + ") must be before 'to' (" + to + ")");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw new BadRequestResponse(
          "the range from 'from' to 'to' may span at most " + MAX_RANGE.toDays() + " days");
    }
    Duration window =
        ctx.queryParamAsClass("window", Duration.class)
            .check(
                w -> w == null || kpi.windows().contains(w),
                kpi.name() + " is computed for the windows " + kpi.windows())
            .getOrDefault(kpi.window());
    Map<String, String> tags = new HashMap<>();
    ctx.queryParamMap()
        .forEach(
            (param, values) -> {
              if (RESERVED_PARAMS.contains(param)) {
                return;
              }
              if (!kpi.tags().contains(param)) {
                throw new BadRequestResponse(
                    "'"
                        + param
                        + "' is not a tag of "
                        + kpi.name()
                        + "; its tags are "
                        + kpi.tags());
              }
              if (values.size() != 1) {
                throw new BadRequestResponse("give tag '" + param + "' once");
              }
              tags.put(param, values.get(0));
            });
    kpi.totalled().forEach(tag -> tags.putIfAbsent(tag, KpiDefinition.ALL));
    tags.values().removeIf(ANY::equals);

    List<KpiPoint> points = reader.read(new KpiQuery(kpi.name(), window, from, to, tags));
    ctx.json(
        new KpiSeriesResponse(
            kpi.name(),
            window,
            points.stream()
                .map(
                    p ->
                        new KpiSeriesResponse.Point(
                            p.windowStart(), new java.util.TreeMap<>(p.tags()), p.value()))
                .toList()));
  }
}
