package com.opsmon.ingest.simulator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Answers, for a moment and a place, how the injected incidents bend the world: how many payments
 * fail, how much traffic surges, whether a warehouse is stalled or a feed is silent. Incidents are
 * checked when this is built.
 */
final class IncidentEffects {
  /** Severity 1 multiplies latency by this. */
  static final double MAX_LATENCY_FACTOR = 8;

  /** Severity 1 multiplies traffic by this. */
  static final double MAX_SURGE_FACTOR = 3;

  /** Severity 1 makes this share of payments fail with a provider error. */
  static final double MAX_OUTAGE_FAILURE = 0.9;

  private final Map<IncidentKind, List<Window>> byKind = new EnumMap<>(IncidentKind.class);

  IncidentEffects(List<Incident> incidents) {
    for (IncidentKind kind : IncidentKind.values()) {
      byKind.put(kind, new ArrayList<>());
    }
    for (Incident incident : incidents) {
      IncidentKind kind = IncidentKind.check(incident);
      byKind
          .get(kind)
          .add(
              new Window(
                  kind,
                  incident.start().toEpochMilli(),
                  incident.end().toEpochMilli(),
                  incident.severity(),
                  incident.scope().get("region"),
                  incident.scope().get("warehouse"),
                  incident.scope().get("sku"),
                  incident.scope().get("service")));
    }
  }

  List<Window> windows(IncidentKind kind) {
    return byKind.get(kind);
  }

  /** The share of payments a provider outage makes fail in the region, 0 without one. */
  double outageFailureShare(String region, long t) {
    return MAX_OUTAGE_FAILURE * severity(IncidentKind.PAYMENT_OUTAGE, t, region, null, null, null);
  }

  /** The outage's severity in the region, 0..1. */
  double paymentOutage(String region, long t) {
    return severity(IncidentKind.PAYMENT_OUTAGE, t, region, null, null, null);
  }

  double trafficMultiplier(String region, long t) {
    return 1
        + (MAX_SURGE_FACTOR - 1)
            * severity(IncidentKind.TRAFFIC_SURGE, t, region, null, null, null);
  }

  double latencyMultiplier(String service, String region, long t) {
    return 1
        + (MAX_LATENCY_FACTOR - 1)
            * severity(IncidentKind.LATENCY_REGRESSION, t, region, null, null, service);
  }

  boolean feedStopped(String region, long t) {
    return strongest(IncidentKind.FEED_STOP, t, region, null, null, null) != null;
  }

  /** Conversion under a slow leak: 1 at its start, falling linearly to 1 - severity at its end. */
  double conversionFactor(String region, long t) {
    double factor = 1;
    for (Window w : byKind.get(IncidentKind.SLOW_LEAK)) {
      if (w.activeAt(t) && w.covers(region, null, null, null)) {
        double progress = (t - w.start()) / (double) (w.end() - w.start());
        factor = Math.min(factor, 1 - w.severity() * progress);
      }
    }
    return factor;
  }

  /** The strongest stall of the warehouse at {@code t}, or null. */
  Window stall(String warehouse, long t) {
    return strongest(IncidentKind.WAREHOUSE_STALL, t, null, warehouse, null, null);
  }

  /** When the last stock-out of this SKU in this warehouse active at {@code t} ends, or -1. */
  long stockoutEnd(String sku, String warehouse, long t) {
    long end = -1;
    for (Window w : byKind.get(IncidentKind.STOCKOUT)) {
      if (w.activeAt(t) && w.covers(null, warehouse, sku, null)) {
        end = Math.max(end, w.end());
      }
    }
    return end;
  }

  private double severity(
      IncidentKind kind, long t, String region, String warehouse, String sku, String service) {
    Window w = strongest(kind, t, region, warehouse, sku, service);
    return w == null ? 0 : w.severity();
  }

  private Window strongest(
      IncidentKind kind, long t, String region, String warehouse, String sku, String service) {
    Window best = null;
    for (Window w : byKind.get(kind)) {
      if (w.activeAt(t)
          && w.covers(region, warehouse, sku, service)
          && (best == null || w.severity() > best.severity())) {
        best = w;
      }
    }
    return best;
  }

  /**
   * One incident in epoch milliseconds; a null scope field matches everything.
   *
   * @param end exclusive
   */
  record Window(
      IncidentKind kind,
      long start,
      long end,
      double severity,
      String region,
      String warehouse,
      String sku,
      String service) {
    boolean activeAt(long t) {
      return t >= start && t < end;
    }

    boolean covers(String region, String warehouse, String sku, String service) {
      return matches(this.region, region)
          && matches(this.warehouse, warehouse)
          && matches(this.sku, sku)
          && matches(this.service, service);
    }

    private static boolean matches(String scoped, String actual) {
      return scoped == null || scoped.equals(actual);
    }
  }
}
