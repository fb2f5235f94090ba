package com.opsmon.jobs.fulfilment;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.kpi.KpiCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The signals of rule {@code order_sla_breach}, one alert per order: FIRING the moment (event time)
 * an order's shipping SLA expires unshipped, RESOLVED when it ships or is cancelled later.
 */
final class OrderSlaBreach {
  static final String RULE = "order_sla_breach";
  static final String RUNBOOK = "docs/runbooks/order_sla_breach.md";
  static final String ORDER = "order";

  private OrderSlaBreach() {}

  /** The order's SLA expired at {@code due} before it left the backlog. */
  static AlertSignal firing(String order, OrderState o, long due) {
    Duration sla = Duration.ofMillis(due - o.createdAt);
    return signal(
        order,
        o,
        AlertStatus.FIRING,
        "Order "
            + order
            + " from "
            + o.warehouse
            + " ("
            + o.region
            + ") has not shipped within its "
            + words(sla)
            + " SLA: created "
            + Instant.ofEpochMilli(o.createdAt)
            + ", due "
            + Instant.ofEpochMilli(due),
        sla.toSeconds(),
        due,
        null);
  }

  /** The order left the backlog (shipped, cancelled...) after its SLA expired at {@code due}. */
  static AlertSignal resolved(String order, OrderState o, long due) {
    String how = how(o);
    return signal(
        order,
        o,
        AlertStatus.RESOLVED,
        "Order "
            + order
            + " from "
            + o.warehouse
            + " "
            + how
            + " "
            + words(Duration.ofMillis(o.endedAt - o.createdAt))
            + " after it was created, "
            + words(Duration.ofMillis(o.endedAt - due))
            + " past its SLA",
        (o.endedAt - o.createdAt) / 1000,
        due,
        o.endedAt);
  }

  /**
   * A shipment reported late shows the order had left in time after all: the breach was never real.
   * The episode ends where it began, so the lifecycle takes it as this episode's end.
   */
  static AlertSignal withdrawn(String order, OrderState o, long due) {
    String how = how(o);
    return signal(
        order,
        o,
        AlertStatus.RESOLVED,
        "Order "
            + order
            + " from "
            + o.warehouse
            + " "
            + how
            + " at "
            + Instant.ofEpochMilli(o.endedAt)
            + ", within its SLA after all (the event arrived late)",
        (o.endedAt - o.createdAt) / 1000,
        due,
        due);
  }

  /** Nothing was heard of the breached order for the retention: it is no longer followed. */
  static AlertSignal forgotten(String order, OrderState o, long due, long at) {
    return signal(
        order,
        o,
        AlertStatus.RESOLVED,
        "Order "
            + order
            + " from "
            + o.warehouse
            + " is no longer followed: nothing was heard of it for "
            + words(Duration.ofMillis(at - o.lastSeen))
            + " (still not shipped as far as the monitor knows)",
        (at - o.createdAt) / 1000,
        due,
        at);
  }

  private static String how(OrderState o) {
    return switch (o.exit) {
      case SHIPPED -> "shipped";
      case CANCELLED -> "was cancelled";
      case PAYMENT_FAILED -> "had its payment refused";
      case DELIVERED -> "was delivered";
    };
  }

  private static AlertSignal signal(
      String order,
      OrderState o,
      AlertStatus status,
      String summary,
      double value,
      long due,
      Long endsAt) {
    return new AlertSignal(
        RULE,
        Map.of(KpiCatalog.WAREHOUSE, o.warehouse, KpiCatalog.REGION, o.region, ORDER, order),
        status,
        Severity.WARNING,
        summary,
        value,
        "shipped within " + words(Duration.ofMillis(due - o.createdAt)) + " of order_created",
        Instant.ofEpochMilli(due),
        endsAt == null ? null : Instant.ofEpochMilli(endsAt),
        RUNBOOK);
  }

  /** 45s, 12m, 24h, 26h 5m: how people write a duration. */
  static String words(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    return minutes % 60 == 0 ? hours + "h" : hours + "h " + minutes % 60 + "m";
  }
}
