package com.opsmon.jobs.oracle;

import static com.opsmon.jobs.oracle.Buckets.tag;

import com.opsmon.model.events.Event;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.StorefrontEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The storefront KPIs by their catalog definitions: sessions and checkouts started and orders
 * created, each in the window and series (region, channel) of its own event time, not tied to each
 * other.
 */
final class StorefrontReference implements Reference {
  private static final List<String> TAGS = List.of(KpiCatalog.REGION, KpiCatalog.CHANNEL);

  /** What one series and window saw. */
  private static final class Shoppers {
    long sessions;
    long checkouts;
    long orders;
  }

  private final Buckets<Shoppers> buckets =
      new Buckets<>(TAGS, KpiCatalog.SESSIONS.windows(), Shoppers::new);

  @Override
  public List<KpiDefinition> kpis() {
    return List.of(
        KpiCatalog.SESSIONS,
        KpiCatalog.CHECKOUT_STARTS,
        KpiCatalog.CONVERSION,
        KpiCatalog.CHECKOUT_ABANDONMENT);
  }

  @Override
  public void add(Event event) {
    if (event instanceof StorefrontEvent visit) {
      Map<String, String> tags = series(visit.region(), visit.channel());
      switch (visit.type()) {
        case SESSION_STARTED -> buckets.at(tags, visit.occurredAt(), s -> s.sessions++);
        case CHECKOUT_STARTED -> buckets.at(tags, visit.occurredAt(), s -> s.checkouts++);
        default -> {}
      }
    } else if (event instanceof OrderEvent order && order.type() == EventType.ORDER_CREATED) {
      buckets.at(series(order.region(), order.channel()), order.occurredAt(), s -> s.orders++);
    }
  }

  private static Map<String, String> series(String region, String channel) {
    return Map.of(KpiCatalog.REGION, tag(region), KpiCatalog.CHANNEL, tag(channel));
  }

  @Override
  public void values(BiConsumer<PointKey, Double> out) {
    buckets.forEach(
        (key, s) -> {
          out.accept(buckets.point(key, KpiCatalog.SESSIONS.name(), Map.of()), (double) s.sessions);
          out.accept(
              buckets.point(key, KpiCatalog.CHECKOUT_STARTS.name(), Map.of()),
              (double) s.checkouts);
          if (s.sessions > 0) {
            out.accept(
                buckets.point(key, KpiCatalog.CONVERSION.name(), Map.of()),
                (double) s.orders / s.sessions);
          }
          if (s.checkouts > 0) {
            out.accept(
                buckets.point(key, KpiCatalog.CHECKOUT_ABANDONMENT.name(), Map.of()),
                1 - (double) s.orders / s.checkouts);
          }
        });
  }
}
