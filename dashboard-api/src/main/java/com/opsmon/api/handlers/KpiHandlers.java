package com.opsmon.api.handlers;

import com.opsmon.api.band.ExpectedBand;
import com.opsmon.api.cache.RecentAnswers;
import com.opsmon.api.responses.KpiSeriesResponse;
import com.opsmon.detection.DetectorSettings;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The KPI catalogue and KPI series, read from the store. */
public final class KpiHandlers {
  /** Per-minute points of one series over a month are ~45k; beyond that, ask for less. */
  static final Duration MAX_RANGE = Duration.ofDays(31);

  static final Duration DEFAULT_RANGE = Duration.ofHours(1);
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  private static final Set<String> RESERVED_PARAMS = Set.of("from", "to", "window", "band");

  /** How far before {@code from} the detector learns a series before its band is given. */
  static final Duration BAND_WARM_UP = Duration.ofDays(7);

  /** At most this many windows of warm-up per series: a week of minutes. */
  static final int MAX_WARM_UP_POINTS = 10_080;

  /**
   * The detector runs over at most this many points per request (the range's, and a full warm-up
   * for each of its series): a fraction of a second of one core.
   */
  static final int MAX_BAND_POINTS = 200_000;

  /** A tag filter meaning "every value, each its own series" rather than the total. */
  static final String ANY = "*";

  /** Bytes of JSON answers remembered at most: a few dozen MB, whatever is asked. */
  static final long MAX_REMEMBERED_BYTES = 32L << 20;

  private final KpiReader reader;
  private final Clock clock;
  private final RecentAnswers<KpiQuery, byte[]> answers;

  /**
   * @param answers series answers (without band) as JSON, kept for a moment: screens polling one
   *     chart share them
   */
  public KpiHandlers(KpiReader reader, Clock clock, RecentAnswers<KpiQuery, byte[]> answers) {
    this.reader = reader;
    this.clock = clock;
    this.answers = answers;
  }

  /** The series answers kept for {@link RecentAnswers#DEFAULT_MAX_AGE}, counted in metrics. */
  public static RecentAnswers<KpiQuery, byte[]> recentAnswers(MeterRegistry metrics) {
    return new RecentAnswers<>(
        "opsmon.api.series",
        RecentAnswers.DEFAULT_MAX_AGE,
        MAX_REMEMBERED_BYTES,
        body -> body.length,
        metrics);
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
   * {@code GET /api/v1/kpis/{kpi}?from=&to=&window=PT5M&band=true&<tag>=<value>}. A totalled tag
   * left out reads its total ({@code all}); {@code <tag>=*} reads every value as its own series.
   * {@code band=true} adds the anomaly detector's expected value and band to each point ({@link
   * ExpectedBand}), learned from up to {@link #BAND_WARM_UP} of each series before {@code from}.
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
    boolean band =
        ctx.queryParamAsClass("band", String.class)
            .check(b -> b == null || b.equals("true") || b.equals("false"), "must be true or false")
            .getOrDefault("false")
            .equals("true");
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

    KpiQuery query = new KpiQuery(kpi.name(), window, from, to, tags);
    if (!band) {
      byte[] body = answers.get(query, q -> seriesJson(ctx, q));
      ctx.contentType(ContentType.APPLICATION_JSON).result(body);
      return;
    }
    List<KpiPoint> points = reader.read(query);
    List<ExpectedBand.Band> bands = bands(kpi, window, from, tags, points);
    List<KpiSeriesResponse.WithBand> withBands = new ArrayList<>(points.size());
    for (int i = 0; i < points.size(); i++) {
      KpiPoint p = points.get(i);
      ExpectedBand.Band b = bands.get(i);
      withBands.add(
          new KpiSeriesResponse.WithBand(
              p.windowStart(),
              new TreeMap<>(p.tags()),
              p.value(),
              orNull(b.expected()),
              orNull(b.lower()),
              orNull(b.upper())));
    }
    ctx.json(new KpiSeriesResponse(kpi.name(), window, withBands));
  }

  /** The series answer without band, as the JSON sent. */
  private byte[] seriesJson(Context ctx, KpiQuery query) {
    List<KpiSeriesResponse.Value> values =
        reader.read(query).stream()
            .map(
                p ->
                    new KpiSeriesResponse.Value(
                        p.windowStart(), new TreeMap<>(p.tags()), p.value()))
            .toList();
    return ctx.jsonMapper()
        .toJsonString(
            new KpiSeriesResponse(query.kpi(), query.window(), values), KpiSeriesResponse.class)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The detector's band for each point, after a warm-up on each series' earlier points. */
  private List<ExpectedBand.Band> bands(
      KpiDefinition kpi,
      Duration window,
      Instant from,
      Map<String, String> tags,
      List<KpiPoint> points) {
    long series = points.stream().map(KpiPoint::series).distinct().count();
    long work = points.size() + series * MAX_WARM_UP_POINTS;
    if (work > MAX_BAND_POINTS) {
      throw new BadRequestResponse(
          "band=true runs the detector over at most "
              + MAX_BAND_POINTS
              + " points (the range's, and up to "
              + MAX_WARM_UP_POINTS
              + " earlier ones of each series); this range has "
              + points.size()
              + " points in "
              + series
              + " series: ask for a shorter range or fewer series");
    }
    Duration warmUp = window.multipliedBy(MAX_WARM_UP_POINTS);
    if (warmUp.compareTo(BAND_WARM_UP) > 0) {
      warmUp = BAND_WARM_UP;
    }
    Instant warmUpFrom = from.minus(warmUp).isBefore(EARLIEST) ? EARLIEST : from.minus(warmUp);
    List<KpiPoint> earlier =
        series == 0 || !warmUpFrom.isBefore(from)
            ? List.of()
            : reader.read(new KpiQuery(kpi.name(), window, warmUpFrom, from, tags));
    return new ExpectedBand(DetectorSettings.defaults(), MAX_WARM_UP_POINTS).of(earlier, points);
  }

  /** JSON has no NaN: what the detector does not know is null. */
  private static Double orNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
