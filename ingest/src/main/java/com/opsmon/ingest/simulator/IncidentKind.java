package com.opsmon.ingest.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The incidents the simulator can inject: their wire name, the scope keys they need and accept, and
 * the KPIs each is expected to move (the ground truth detection is scored against).
 */
public enum IncidentKind {
  PAYMENT_OUTAGE(
      "payment_outage",
      List.of(),
      List.of("region"),
      List.of("payment_failure_rate", "orders", "service_error_rate")),
  WAREHOUSE_STALL(
      "warehouse_stall",
      List.of("warehouse"),
      List.of(),
      List.of("order_cycle_time", "sla_breaches", "shipments")),
  STOCKOUT("stockout", List.of("sku"), List.of("warehouse"), List.of("stock_outs")),
  LATENCY_REGRESSION(
      "latency_regression", List.of("service"), List.of("region"), List.of("service_latency_p99")),
  TRAFFIC_SURGE("traffic_surge", List.of(), List.of("region"), List.of("orders", "revenue")),
  FEED_STOP("feed_stop", List.of("region"), List.of(), List.of("orders")),
  SLOW_LEAK("slow_leak", List.of(), List.of("region"), List.of("conversion"));

  private final String wireName;
  private final List<String> requiredScope;
  private final List<String> optionalScope;
  private final List<String> expectedKpis;

  IncidentKind(
      String wireName,
      List<String> requiredScope,
      List<String> optionalScope,
      List<String> expectedKpis) {
    this.wireName = wireName;
    this.requiredScope = requiredScope;
    this.optionalScope = optionalScope;
    this.expectedKpis = expectedKpis;
  }

  public String wireName() {
    return wireName;
  }

  /** The scope keys this kind needs, e.g. {@code warehouse} for a stall. */
  public List<String> requiredScope() {
    return requiredScope;
  }

  /** The scope keys this kind also accepts, e.g. {@code region} for a payment outage. */
  public List<String> optionalScope() {
    return optionalScope;
  }

  /** The KPIs this incident should visibly move. */
  public List<String> expectedKpis() {
    return expectedKpis;
  }

  public static Optional<IncidentKind> fromWireName(String wireName) {
    for (IncidentKind kind : values()) {
      if (kind.wireName.equals(wireName)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /**
   * The incident's kind, once its kind, scope keys and values (known regions, warehouses, SKUs,
   * services) and severity are checked: a typo would otherwise inject nothing, silently.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static IncidentKind check(Incident incident) {
    IncidentKind kind =
        fromWireName(incident.kind())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown incident kind '" + incident.kind() + "'; known: " + wireNames()));
    String what = "incident " + kind.wireName + " at " + incident.start();
    for (String key : kind.requiredScope) {
      if (!incident.scope().containsKey(key)) {
        throw new IllegalArgumentException(what + " needs scope '" + key + "'");
      }
    }
    for (String key : new TreeSet<>(incident.scope().keySet())) {
      if (!kind.requiredScope.contains(key) && !kind.optionalScope.contains(key)) {
        List<String> allowed = new ArrayList<>(kind.requiredScope);
        allowed.addAll(kind.optionalScope);
        throw new IllegalArgumentException(
            what + " does not take scope '" + key + "' (it takes " + allowed + ")");
      }
      checkValue(what, key, incident.scope().get(key));
    }
    if (!(incident.severity() >= 0 && incident.severity() <= 1)) {
      throw new IllegalArgumentException(what + ": severity must be within 0..1");
    }
    if (incident.duration().isNegative() || incident.duration().isZero()) {
      throw new IllegalArgumentException(what + ": duration must be positive");
    }
    return kind;
  }

  private static void checkValue(String what, String key, String value) {
    List<String> known =
        switch (key) {
          case "region" -> World.REGIONS.stream().map(World.Region::code).toList();
          case "warehouse" -> World.WAREHOUSES.stream().map(World.Warehouse::code).toList();
          case "sku" -> Catalogue.NAMED.stream().map(Catalogue.Sku::code).toList();
          case "service" -> TechServices.ALL.stream().map(TechServices.Profile::service).toList();
          default -> throw new IllegalStateException("no values for scope key " + key);
        };
    if (!known.contains(value)) {
      throw new IllegalArgumentException(
          what + ": unknown " + key + " '" + value + "' (known: " + known + ")");
    }
  }

  private static List<String> wireNames() {
    List<String> names = new ArrayList<>();
    for (IncidentKind kind : values()) {
      names.add(kind.wireName);
    }
    return names;
  }
}
