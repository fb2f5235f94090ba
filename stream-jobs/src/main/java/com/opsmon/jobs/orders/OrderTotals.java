package com.opsmon.jobs.orders;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.kpi.KpiCatalog;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one series' order events add up to: how many orders were created, paid, refused, cancelled,
 * delivered and returned, and the revenue per currency (summed exactly, never across currencies).
 */
public final class OrderTotals implements KpiAccumulator<OrderTotals> {
  public long created;
  public long authorized;
  public long failed;
  public long cancelled;
  public long delivered;
  public long returned;
  public Map<String, BigDecimal> revenue = new HashMap<>();
  public Map<String, Long> ordersByCurrency = new HashMap<>();

  public OrderTotals() {}

  /** Counts one event; event types that make no order KPI are ignored. */
  public void add(OrderEvent event) {
    switch (event.type()) {
      case ORDER_CREATED -> {
        created++;
        if (event.amount() != null && event.currency() != null) {
          revenue.merge(event.currency(), event.amount(), BigDecimal::add);
          ordersByCurrency.merge(event.currency(), 1L, Long::sum);
        }
      }
      case PAYMENT_AUTHORIZED -> authorized++;
      case PAYMENT_FAILED -> failed++;
      case ORDER_CANCELLED -> cancelled++;
      case ORDER_DELIVERED -> delivered++;
      case ORDER_RETURNED -> returned++;
      default -> {}
    }
  }

  @Override
  public void addAll(OrderTotals other) {
    created += other.created;
    authorized += other.authorized;
    failed += other.failed;
    cancelled += other.cancelled;
    delivered += other.delivered;
    returned += other.returned;
    other.revenue.forEach((currency, sum) -> revenue.merge(currency, sum, BigDecimal::add));
    other.ordersByCurrency.forEach((currency, n) -> ordersByCurrency.merge(currency, n, Long::sum));
  }

  @Override
  public void emit(KpiPoints out) {
    out.point(KpiCatalog.ORDERS, created);
    new TreeMap<>(revenue)
        .forEach(
            (currency, sum) -> {
              Map<String, String> tag = Map.of(KpiCatalog.CURRENCY, currency);
              out.point(KpiCatalog.REVENUE, tag, sum.doubleValue());
              long orders = ordersByCurrency.getOrDefault(currency, 0L);
              if (orders > 0) {
                out.point(
                    KpiCatalog.AVG_ORDER_VALUE,
                    tag,
                    sum.divide(BigDecimal.valueOf(orders), java.math.MathContext.DECIMAL64)
                        .doubleValue());
              }
            });
    out.ratio(KpiCatalog.PAYMENT_FAILURE_RATE, failed, authorized + failed);
    out.ratio(KpiCatalog.CANCELLATION_RATE, cancelled, created);
    out.ratio(KpiCatalog.RETURN_RATE, returned, delivered);
  }
}
