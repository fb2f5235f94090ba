package com.opsmon.api.overview;

import com.opsmon.api.ApiContext;
import com.opsmon.api.responses.OverviewResponse;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertView;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.store.KpiQuery;
import com.opsmon.store.KpiReader;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/overview}: the wall-screen snapshot, read afresh on every request — each
 * headline's newest point with the same window a day and a week before, the active alerts (firing,
 * acknowledged or flapping) by severity from the alert manager's state (when this API reads it),
 * and each source's watermark lag and whether it went silent (from the data-health KPIs {@code
 * watermark_lag} and {@code events_in}, totals over regions).
 */
public final class Overview {
  static final Duration DAY = Duration.ofDays(1);
  static final Duration WEEK = Duration.ofDays(7);

  private final KpiReader reader;
  private final OverviewSettings settings;
  private final Optional<ApiContext.Alerts> alerts;
  private final Clock clock;

  public Overview(
      KpiReader reader,
      OverviewSettings settings,
      Optional<ApiContext.Alerts> alerts,
      Clock clock) {
    this.reader = reader;
    this.settings = settings;
    this.alerts = alerts;
    this.clock = clock;
  }

  public void handle(Context ctx) {
    ctx.json(snapshot());
  }

  public OverviewResponse snapshot() {
    Instant now = clock.instant();
    List<OverviewResponse.Headline> headlines = new ArrayList<>();
    for (OverviewSettings.Headline headline : settings.headlines()) {
      headlines.add(headline(headline, now));
    }
    return new OverviewResponse(now, headlines, alerts(), dataHealth(now));
  }

  private OverviewResponse.Headline headline(OverviewSettings.Headline headline, Instant now) {
    KpiDefinition kpi = headline.definition();
    Duration window = kpi.window();
    List<KpiPoint> recent =
        reader.read(
            new KpiQuery(kpi.name(), window, now.minus(settings.recent()), now, headline.tags()));
    Map<String, String> tags = new TreeMap<>(headline.tags());
    List<Double> sparkline = recent.stream().map(KpiPoint::value).toList();
    if (recent.isEmpty()) {
      return new OverviewResponse.Headline(
          kpi.name(), kpi.unit(), tags, window, null, null, null, null, sparkline);
    }
    KpiPoint latest = recent.get(recent.size() - 1);
    return new OverviewResponse.Headline(
        kpi.name(),
        kpi.unit(),
        tags,
        window,
        latest.windowStart(),
        latest.value(),
        change(headline, latest, DAY),
        change(headline, latest, WEEK),
        sparkline);
  }

  /** The same window {@code ago} earlier, and how the newest point differs from it. */
  private OverviewResponse.Change change(
      OverviewSettings.Headline headline, KpiPoint latest, Duration ago) {
    Instant then = latest.windowStart().minus(ago);
    List<KpiPoint> points =
        reader.read(
            new KpiQuery(
                latest.kpi(), latest.window(), then, then.plus(latest.window()), headline.tags()));
    if (points.isEmpty()) {
      return null;
    }
    double before = points.get(0).value();
    double delta = latest.value() - before;
    return new OverviewResponse.Change(then, before, delta, before == 0 ? null : delta / before);
  }

  private OverviewResponse.Alerts alerts() {
    Map<String, Integer> bySeverity = new LinkedHashMap<>();
    for (Severity severity : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)) {
      bySeverity.put(severity.wireName(), 0);
    }
    if (alerts.isEmpty()) {
      return new OverviewResponse.Alerts(false, bySeverity, List.of());
    }
    List<AlertView> active =
        alerts.get().source().alerts().stream()
            .filter(a -> a.state() != null && a.state().active() && a.signal() != null)
            .sorted(
                Comparator.comparing(
                        (AlertView a) -> a.signal().startsAt(),
                        Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(AlertView::fingerprint))
            .toList();
    List<OverviewResponse.Alert> listed = new ArrayList<>();
    for (AlertView view : active) {
      AlertSignal a = view.signal();
      String severity = a.severity() == null ? Severity.INFO.wireName() : a.severity().wireName();
      bySeverity.merge(severity, 1, Integer::sum);
      listed.add(
          new OverviewResponse.Alert(
              view.fingerprint(),
              a.rule(),
              view.state().wireName(),
              severity,
              a.summary(),
              new TreeMap<>(a.labels()),
              a.value(),
              a.startsAt(),
              a.runbookUrl()));
    }
    return new OverviewResponse.Alerts(true, bySeverity, listed);
  }

  private OverviewResponse.DataHealth dataHealth(Instant now) {
    Instant since = now.minus(settings.recent());
    Map<String, KpiPoint> lag = new TreeMap<>();
    for (KpiPoint p : totalsOverRegions(KpiCatalog.WATERMARK_LAG, since, now)) {
      lag.put(p.tags().get(KpiCatalog.SOURCE), p); // window order: the last one is the newest
    }
    Map<String, Instant> lastEvents = new TreeMap<>();
    for (KpiPoint p : totalsOverRegions(KpiCatalog.EVENTS_IN, since, now)) {
      if (p.value() > 0) {
        lastEvents.put(p.tags().get(KpiCatalog.SOURCE), p.windowStart().plus(p.window()));
      }
    }
    Set<String> sources = new LinkedHashSet<>(settings.sources());
    sources.addAll(lag.keySet());
    sources.addAll(lastEvents.keySet());
    List<OverviewResponse.Source> health = new ArrayList<>();
    List<String> silent = new ArrayList<>();
    for (String source : sources) {
      KpiPoint l = lag.get(source);
      Instant last = lastEvents.get(source);
      boolean quiet =
          last == null || Duration.between(last, now).compareTo(settings.silentAfter()) > 0;
      if (quiet) {
        silent.add(source);
      }
      health.add(
          new OverviewResponse.Source(
              source,
              l == null ? null : l.value(),
              l == null ? null : l.windowStart(),
              last,
              quiet));
    }
    return new OverviewResponse.DataHealth(health, silent);
  }

  private List<KpiPoint> totalsOverRegions(KpiDefinition kpi, Instant from, Instant to) {
    return reader.read(
        new KpiQuery(
            kpi.name(), KpiCatalog.MINUTE, from, to, Map.of(KpiCatalog.REGION, KpiDefinition.ALL)));
  }
}
