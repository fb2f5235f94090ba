package com.opsmon.api.overview;

import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the wall-screen overview shows and how it judges data health.
 *
 * @param headlines the headline series, in display order
 * @param recent how far back the latest value (and the sparkline) is looked for
 * @param sources the event sources expected to send (a data-health source seen in {@code recent} is
 *     shown as well)
 * @param silentAfter a source whose newest minute with events ended longer ago than this is silent
 */
public record OverviewSettings(
    List<Headline> headlines, Duration recent, List<String> sources, Duration silentAfter) {

  /** One series of a KPI, every tag given (a totalled tag's total is {@code all}). */
  public record Headline(String kpi, Map<String, String> tags) {
    public Headline {
      tags = Map.copyOf(tags);
      KpiDefinition definition =
          KpiCatalog.find(kpi)
              .orElseThrow(
                  () -> new IllegalArgumentException("unknown headline KPI '" + kpi + "'"));
      if (!tags.keySet().equals(Set.copyOf(definition.tags()))) {
        throw new IllegalArgumentException(
            "headline " + kpi + " must give exactly the tags " + definition.tags());
      }
    }

    /** The KPI's grand total: every tag {@code all}. */
    public static Headline total(KpiDefinition kpi) {
      Map<String, String> tags = new LinkedHashMap<>();
      kpi.tags().forEach(tag -> tags.put(tag, KpiDefinition.ALL));
      return new Headline(kpi.name(), tags);
    }

    public KpiDefinition definition() {
      return KpiCatalog.find(kpi).orElseThrow();
    }
  }

  public OverviewSettings {
    headlines = List.copyOf(headlines);
    sources = List.copyOf(sources);
    if (recent.isNegative() || recent.isZero() || silentAfter.isNegative()) {
      throw new IllegalArgumentException("recent must be positive, silentAfter not negative");
    }
  }

  /** What an operations room watches first: orders, conversion, payments, checkout's services. */
  public static final OverviewSettings DEFAULTS =
      new OverviewSettings(
          List.of(
              Headline.total(KpiCatalog.ORDERS),
              Headline.total(KpiCatalog.CONVERSION),
              Headline.total(KpiCatalog.PAYMENT_FAILURE_RATE),
              Headline.total(KpiCatalog.CANCELLATION_RATE),
              Headline.total(KpiCatalog.SERVICE_ERROR_RATE),
              Headline.total(KpiCatalog.SERVICE_LATENCY_P99)),
          Duration.ofHours(1),
          List.of("orders", "inventory", "service", "storefront"),
          Duration.ofMinutes(5));
}
