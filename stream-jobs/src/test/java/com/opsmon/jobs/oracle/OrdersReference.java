package com.opsmon.jobs.oracle;

import com.opsmon.model.events.Event;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.kpi.KpiCatalog;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** The order KPIs by their catalog definitions, counted event by event into every window. */
final class OrdersReference implements Reference {
  private static final List<String> TAGS = List.of(KpiCatalog.REGION, KpiCatalog.CHANNEL);

  /** What one series and window saw. */
  private static final class Counts {
    long created, authorized, failed, cancelled, delivered, returned;
    final Map<String, BigDecimal> revenue = new TreeMap<>();
    final Map<String, Long> ordersByCurrency = new TreeMap<>();
  }

  private final Map<PointKey, Counts> counts = new HashMap<>();

  @Override
  public List<com.opsmon.model.kpi.KpiDefinition> kpis() {
    return List.of(
        KpiCatalog.ORDERS,
        KpiCatalog.REVENUE,
        KpiCatalog.AVG_ORDER_VALUE,
        KpiCatalog.PAYMENT_FAILURE_RATE,
        KpiCatalog.CANCELLATION_RATE,
        KpiCatalog.RETURN_RATE);
  }

  @Override
  public void add(Event event) {
    if (!(event instanceof OrderEvent order)) {
      return;
    }
    Map<String, String> tags = new TreeMap<>();
    tags.put(KpiCatalog.REGION, order.region() == null ? "unknown" : order.region());
    tags.put(KpiCatalog.CHANNEL, order.channel() == null ? "unknown" : order.channel());
    for (Map<String, String> set : Cube.tagSets(tags, TAGS)) {
      for (Duration window : KpiCatalog.ORDERS.windows()) {
        PointKey key = PointKey.of("", set, window, Cube.windowStart(order.occurredAt(), window));
        Counts c = counts.computeIfAbsent(key, k -> new Counts());
        switch (order.type()) {
          case ORDER_CREATED -> {
            c.created++;
            if (order.amount() != null && order.currency() != null) {
              c.revenue.merge(order.currency(), order.amount(), BigDecimal::add);
              c.ordersByCurrency.merge(order.currency(), 1L, Long::sum);
            }
          }
          case PAYMENT_AUTHORIZED -> c.authorized++;
          case PAYMENT_FAILED -> c.failed++;
          case ORDER_CANCELLED -> c.cancelled++;
          case ORDER_DELIVERED -> c.delivered++;
          case ORDER_RETURNED -> c.returned++;
          default -> {}
        }
      }
    }
  }

  @Override
  public void values(BiConsumer<PointKey, Double> out) {
    counts.forEach(
        (key, c) -> {
          out.accept(named(key, KpiCatalog.ORDERS.name(), Map.of()), (double) c.created);
          c.revenue.forEach(
              (currency, sum) -> {
                Map<String, String> currencyTag = Map.of(KpiCatalog.CURRENCY, currency);
                out.accept(named(key, KpiCatalog.REVENUE.name(), currencyTag), sum.doubleValue());
                out.accept(
                    named(key, KpiCatalog.AVG_ORDER_VALUE.name(), currencyTag),
                    sum.divide(
                            BigDecimal.valueOf(c.ordersByCurrency.get(currency)),
                            MathContext.DECIMAL64)
                        .doubleValue());
              });
          ratio(
              out, key, KpiCatalog.PAYMENT_FAILURE_RATE.name(), c.failed, c.authorized + c.failed);
          ratio(out, key, KpiCatalog.CANCELLATION_RATE.name(), c.cancelled, c.created);
          ratio(out, key, KpiCatalog.RETURN_RATE.name(), c.returned, c.delivered);
        });
  }

  private static void ratio(
      BiConsumer<PointKey, Double> out,
      PointKey key,
      String kpi,
      long numerator,
      long denominator) {
    if (denominator > 0) {
      out.accept(named(key, kpi, Map.of()), (double) numerator / denominator);
    }
  }

  /** The key of one KPI in the series and window of {@code key}, with extra tags. */
  static PointKey named(PointKey key, String kpi, Map<String, String> extraTags) {
    Map<String, String> tags = new TreeMap<>(com.opsmon.model.kpi.SeriesKey.decode(key.series()));
    tags.putAll(extraTags);
    return PointKey.of(kpi, tags, key.window(), key.start());
  }
}
